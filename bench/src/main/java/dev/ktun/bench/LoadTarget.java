package dev.ktun.bench;

import io.netty.channel.EventLoopGroup;
import java.util.List;

/**
 * T4: 64 keep-alive connections, one 64-byte request in flight each; req/s >= 35 % of direct, p99 <= 6 ms. The same
 * load through a {@link PlainRelay} shows what two relay hops alone allow on this machine.
 */
final class LoadTarget implements Measurement {
    static final int CONNECTIONS = 64;
    static final double RATE_GOAL = 0.35;
    static final double P99_GOAL_NANOS = 6_000_000;
    private static final String WHAT_RATE = CONNECTIONS + " keep-alive connections, requests/s";
    private static final String WHAT_P99 = CONNECTIONS + " keep-alive connections, p99";
    private static final String WHAT_RELAY = "reference: plain 2-hop relay, no tunnel, " + CONNECTIONS + " connections, requests/s";

    private final Budget budget;
    private final EventLoopGroup callers;
    private final Endpoints relay;

    LoadTarget(Budget budget, EventLoopGroup callers, Endpoints relay) {
        this.budget = budget;
        this.callers = callers;
        this.relay = relay;
    }

    @Override
    public String target() {
        return "T4";
    }

    @Override
    public List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception {
        EchoLoad.Result d = load(direct);
        EchoLoad.Result k = load(ktun);
        EchoLoad.Result r = load(relay);
        double ratio = k.requestsPerSecond() / d.requestsPerSecond();
        double p99 = k.latency().getValueAtPercentile(99);
        return List.of(
                new Row("T4", WHAT_RATE, Figures.perSecond(d.requestsPerSecond()), Figures.perSecond(k.requestsPerSecond()),
                        Figures.percent(ratio), rateGoal(), Verdict.meets(ratio >= RATE_GOAL)),
                new Row("T4", WHAT_P99, Figures.millis(d.latency().getValueAtPercentile(99)), Figures.millis(p99),
                        Row.NONE, p99Goal(), Verdict.meets(p99 <= P99_GOAL_NANOS)),
                new Row("T4", WHAT_RELAY, Figures.perSecond(d.requestsPerSecond()), Figures.perSecond(r.requestsPerSecond()),
                        Figures.percent(r.requestsPerSecond() / d.requestsPerSecond()) + " (ktun: "
                                + Figures.percent(k.requestsPerSecond() / r.requestsPerSecond()) + " of it)",
                        Row.NONE, Verdict.REFERENCE));
    }

    @Override
    public List<Row> failedRows() {
        return List.of(Row.failed("T4", WHAT_RATE, rateGoal()), Row.failed("T4", WHAT_P99, p99Goal()),
                Row.failed("T4", WHAT_RELAY, Row.NONE));
    }

    private EchoLoad.Result load(Endpoints path) throws Exception {
        EchoLoad.Result result = EchoLoad.run(callers, path.echo(), CONNECTIONS, budget.loadWarmup(), budget.load());
        Progress.say("T4  load     %-6s %s, %s", path.name(), Figures.perSecond(result.requestsPerSecond()),
                Percentiles.describe(result.latency()));
        return result;
    }

    private static String rateGoal() {
        return ">= " + Figures.percent(RATE_GOAL) + " of direct";
    }

    private static String p99Goal() {
        return "<= " + Figures.millis(P99_GOAL_NANOS);
    }
}
