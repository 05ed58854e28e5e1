package dev.ktun.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * T5: a new connection (a new stream through ktun) per request; >= 10,000 streams/s, direct shown for reference. The
 * same churn through each {@link Reference} shows what two relay hops alone allow: each of its connections is three
 * TCP connections, as through ktun.
 */
final class ChurnTarget implements Measurement {
    /** Concurrent callers each opening connection after connection. */
    static final int CALLERS = 16;
    static final double GOAL_PER_SECOND = 10_000;
    private static final String WHAT = "new connection per request (" + CALLERS + " callers), per second";

    private final Budget budget;
    private final List<Reference> references;

    ChurnTarget(Budget budget, List<Reference> references) {
        this.budget = budget;
        this.references = references;
    }

    @Override
    public String target() {
        return "T5";
    }

    @Override
    public List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception {
        ConnectionChurn.Result d = churn(direct);
        ConnectionChurn.Result k = churn(ktun);
        List<Row> rows = new ArrayList<>(List.of(new Row("T5", WHAT, cell(d), cell(k),
                Figures.percent(k.connectionsPerSecond() / d.connectionsPerSecond()), goal(),
                Verdict.meets(k.connectionsPerSecond() >= GOAL_PER_SECOND && k.failures() == 0))));
        for (Reference reference : references) {
            ConnectionChurn.Result r = churn(reference.endpoints());
            rows.add(new Row("T5", what(reference), cell(d), cell(r), Figures.percent(r.connectionsPerSecond() / d.connectionsPerSecond())
                    + " (ktun: " + Figures.percent(k.connectionsPerSecond() / r.connectionsPerSecond()) + " of it)",
                    Row.NONE, Verdict.REFERENCE));
        }
        return rows;
    }

    @Override
    public List<Row> failedRows() {
        List<Row> rows = new ArrayList<>(List.of(Row.failed("T5", WHAT, goal())));
        references.forEach(reference -> rows.add(Row.failed("T5", what(reference), Row.NONE)));
        return rows;
    }

    private static String what(Reference reference) {
        return "reference: " + reference.description() + ", new connection per request";
    }

    private ConnectionChurn.Result churn(Endpoints path) throws Exception {
        ConnectionChurn.Result result = ConnectionChurn.run(path.echo(), CALLERS, budget.loadWarmup(), budget.load());
        Progress.say("T5  churn    %-6s %s, %d failed", path.name(), Figures.perSecond(result.connectionsPerSecond()),
                result.failures());
        return result;
    }

    /** A failed request is a broken promise, not noise: it shows in the cell and fails the target. */
    private static String cell(ConnectionChurn.Result result) {
        return Figures.perSecond(result.connectionsPerSecond()) + (result.failures() == 0 ? "" : " (" + result.failures() + " failed)");
    }

    private static String goal() {
        return ">= " + Figures.perSecond(GOAL_PER_SECOND);
    }
}
