package dev.ktun.bench;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * T4: 64 keep-alive connections, one 64-byte request in flight each; req/s >= 35 % of direct, p99 <= 6 ms. The same
 * load through each {@link Reference} shows what two relay hops alone allow on this machine.
 */
final class LoadTarget implements Measurement {
    static final int CONNECTIONS = 64;
    static final double RATE_GOAL = 0.35;
    static final double P99_GOAL_NANOS = 6_000_000;
    private static final String WHAT_RATE = CONNECTIONS + " keep-alive connections, requests/s";
    private static final String WHAT_P99 = CONNECTIONS + " keep-alive connections, p99";

    private final Budget budget;
    private final EventLoopGroup callers;
    private final List<Reference> references;

    LoadTarget(Budget budget, EventLoopGroup callers, List<Reference> references) {
        this.budget = budget;
        this.callers = callers;
        this.references = references;
    }

    @Override
    public String target() {
        return "T4";
    }

    @Override
    public List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception {
        EchoLoad.Result d = load(direct);
        EchoLoad.Result k = load(ktun);
        double ratio = k.requestsPerSecond() / d.requestsPerSecond();
        double p99 = k.latency().getValueAtPercentile(99);
        List<Row> rows = new ArrayList<>(List.of(
                new Row("T4", WHAT_RATE, Figures.perSecond(d.requestsPerSecond()), Figures.perSecond(k.requestsPerSecond()),
                        Figures.percent(ratio), rateGoal(), Verdict.meets(ratio >= RATE_GOAL)),
                new Row("T4", WHAT_P99, Figures.millis(d.latency().getValueAtPercentile(99)), Figures.millis(p99),
                        Row.NONE, p99Goal(), Verdict.meets(p99 <= P99_GOAL_NANOS))));
        for (Reference reference : references) {
            EchoLoad.Result r = load(reference.endpoints());
            rows.add(new Row("T4", what(reference), Figures.perSecond(d.requestsPerSecond()), Figures.perSecond(r.requestsPerSecond()),
                    Figures.percent(r.requestsPerSecond() / d.requestsPerSecond()) + " (ktun: "
                            + Figures.percent(k.requestsPerSecond() / r.requestsPerSecond()) + " of it)",
                    Row.NONE, Verdict.REFERENCE));
        }
        return rows;
    }

    @Override
    public List<Row> failedRows() {
        List<Row> rows = new ArrayList<>(List.of(Row.failed("T4", WHAT_RATE, rateGoal()), Row.failed("T4", WHAT_P99, p99Goal())));
        references.forEach(reference -> rows.add(Row.failed("T4", what(reference), Row.NONE)));
        return rows;
    }

    private static String what(Reference reference) {
        return "reference: " + reference.description() + ", " + CONNECTIONS + " connections, requests/s";
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
