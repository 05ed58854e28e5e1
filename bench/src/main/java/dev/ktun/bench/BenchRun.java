package dev.ktun.bench;

import dev.ktun.tunnel.Transport;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run: the backend process, the proxy and client processes, a warm-up pass, every target over direct and ktun
 * in turn, and the table. A failed measurement becomes a FAILED row and the run goes on; every process is ended
 * whatever happens.
 */
final class BenchRun {
    /** Threads of the event-driven load generators (T4, T7): one per core, like any Netty service. */
    private static final int CALLER_THREADS = 2;

    private final Budget budget;
    private final Jars jars;
    private final Selection selection;
    private final ResultTable table = new ResultTable();

    BenchRun(Budget budget, Jars jars, Selection selection) {
        this.budget = budget;
        this.jars = jars;
        this.selection = selection;
    }

    ResultTable run() throws Exception {
        EventLoopGroup callers = Transport.group(CALLER_THREADS, "bench-caller");
        try (BackendProcess backend = BackendProcess.start()) {
            Progress.say("backend up: %s", backend.ports());
            if (selection.needsKtunPath()) {
                measureThroughKtun(backend, callers);
            }
            if (selection.includes("T7")) {
                IdleMemoryTarget idle = new IdleMemoryTarget(budget, callers);
                try {
                    idle.measure(jars, backend.ports()).forEach(table::add);
                } catch (Exception e) {
                    Progress.say("T7 failed: %s", e);
                    idle.failedRows().forEach(table::add);
                }
            }
            if (selection.includes("DNS")) {
                DnsTarget dns = new DnsTarget(budget);
                try {
                    dns.measure().forEach(table::add);
                } catch (Exception e) {
                    Progress.say("DNS failed: %s", e);
                    dns.failedRows().forEach(table::add);
                }
            }
            if (selection.includes("T8")) {
                ActivationTarget activation = new ActivationTarget(budget);
                try {
                    activation.measure(jars).forEach(table::add);
                } catch (Exception e) {
                    Progress.say("T8 failed: %s", e);
                    activation.failedRows().forEach(table::add);
                }
            }
        } finally {
            callers.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
        return table;
    }

    private void measureThroughKtun(BackendProcess backend, EventLoopGroup callers) throws Exception {
        Optional<HaproxyRelay> haproxy = HaproxyRelay.startIfInstalled(backend.ports());
        try (KtunPath ktun = KtunPath.start(jars, backend.ports().all(), List.of());
             PlainRelay relay = PlainRelay.start(jars, backend.ports())) {
            Progress.say("proxy (pid %d) and client (pid %d) up, ports claimed", ktun.proxy().pid(), ktun.client().pid());
            Endpoints direct = Endpoints.direct(backend);
            Endpoints through = Endpoints.through(ktun, backend.ports());
            List<Reference> references = new ArrayList<>(List.of(relay.reference()));
            haproxy.ifPresent(h -> references.add(h.reference()));
            Progress.say("warm-up pass (figures not kept)");
            measureAll(measurements(budget.warmUpPass(), callers, references), direct, through, ktun, backend);
            Progress.say("measured pass");
            measureAll(measurements(budget, callers, references), direct, through, ktun, backend).forEach(table::add);
        } finally {
            haproxy.ifPresent(HaproxyRelay::close);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private List<Measurement> measurements(Budget budget, EventLoopGroup callers, List<Reference> references) {
        ThroughputTarget throughput = new ThroughputTarget(budget, references);
        return List.of(throughput, new LatencyTarget(budget, references), new LoadTarget(budget, callers, references),
                        new ChurnTarget(budget, references), new MixedTarget(budget, throughput::ktunUpload))
                .stream().filter(m -> selection.includes(m.target())).toList();
    }

    private static List<Row> measureAll(List<Measurement> measurements, Endpoints direct, Endpoints through, KtunPath ktun,
                                        BackendProcess backend) {
        List<Row> rows = new ArrayList<>();
        for (Measurement measurement : measurements) {
            try {
                // A dead proxy, client or backend fails what follows, with its last output as the reason.
                ktun.checkAlive();
                backend.checkAlive();
                Duration proxyCpu = ktun.proxy().cpuTime();
                Duration clientCpu = ktun.client().cpuTime();
                rows.addAll(measurement.measure(direct, through));
                // Where the time goes: direct leaves proxy and client idle, so this is what the ktun half cost them.
                Progress.say("%s: proxy used %.1f s CPU, client %.1f s", measurement.getClass().getSimpleName(),
                        seconds(ktun.proxy().cpuTime().minus(proxyCpu)), seconds(ktun.client().cpuTime().minus(clientCpu)));
            } catch (Exception e) {
                Progress.say("%s failed: %s", measurement.getClass().getSimpleName(), e);
                rows.addAll(measurement.failedRows());
            }
        }
        return rows;
    }
}
