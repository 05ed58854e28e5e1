package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.tunnel.TunnelSession;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Publishes the running intercept's {@link RunState} every second, for {@code ktun status}; removes it on close. */
final class RunStateWriter implements AutoCloseable {
    private final Path directory = RunState.directory();
    private final String namespace;
    private final Intercept intercept;
    private final List<String> ports;
    private final TunnelClient tunnel;
    private final Supplier<String> route;
    private final String startedAt = Instant.now().toString();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ktun-run-state");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean everUp;
    private volatile RunState last;

    RunStateWriter(String namespace, Intercept intercept, Map<Integer, String> labels, TunnelClient tunnel, Supplier<String> route) {
        this.namespace = namespace;
        this.intercept = intercept;
        this.ports = intercept.getStatus().getPorts().stream()
                .map(p -> labels.get(p.proxyPort()) + " -> localhost:" + p.localPort()).toList();
        this.tunnel = tunnel;
        this.route = route;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::write, 0, 1, TimeUnit.SECONDS);
    }

    private void write() {
        TunnelSession session = tunnel.current();
        everUp |= session != null;
        String state = session != null ? "up" : everUp ? "reconnecting" : "connecting";
        RunState now = new RunState(ProcessHandle.current().pid(), namespace, intercept.getMetadata().getName(),
                intercept.serviceName(), ports, state, route.get(),
                session == null || session.rttNanos() <= 0 ? null : session.rttNanos() / 1e6,
                session == null ? 0 : session.bytesIn(), session == null ? 0 : session.bytesOut(), startedAt, Instant.now().toString());
        try {
            now.write(directory);
            last = now;
        } catch (RuntimeException e) {
            // status is a convenience; the intercept goes on without it
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            // A write still running would bring the file back after the delete below.
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RunState written = last;
        if (written != null) {
            written.delete(directory);
        }
    }
}
