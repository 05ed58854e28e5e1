package dev.ktun.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * T3: one keep-alive connection, 64-byte echo round trips; latency ktun adds at p50 (<= 25 us) and p99 (<= 120 us).
 * The same round trips through each {@link Reference} show what two relay hops alone add on this machine.
 */
final class LatencyTarget implements Measurement {
    static final double P50_GOAL_NANOS = 25_000;
    static final double P99_GOAL_NANOS = 120_000;
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final String WHAT_P50 = "1 keep-alive connection, 64 B echo, p50";
    private static final String WHAT_P99 = "1 keep-alive connection, 64 B echo, p99";

    private final Budget budget;
    private final List<Reference> references;

    LatencyTarget(Budget budget, List<Reference> references) {
        this.budget = budget;
        this.references = references;
    }

    @Override
    public String target() {
        return "T3";
    }

    @Override
    public List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception {
        Histogram d = roundTrips(direct);
        Histogram k = roundTrips(ktun);
        List<Row> rows = new ArrayList<>(List.of(
                row("T3", WHAT_P50, d.getValueAtPercentile(50), k.getValueAtPercentile(50), P50_GOAL_NANOS),
                row("T3", WHAT_P99, d.getValueAtPercentile(99), k.getValueAtPercentile(99), P99_GOAL_NANOS)));
        for (Reference reference : references) {
            Histogram r = roundTrips(reference.endpoints());
            rows.add(new Row("T3", what(reference), Figures.micros(d.getValueAtPercentile(50)) + " / "
                    + Figures.micros(d.getValueAtPercentile(99)),
                    Figures.micros(r.getValueAtPercentile(50)) + " / " + Figures.micros(r.getValueAtPercentile(99)),
                    Figures.addedMicros(r.getValueAtPercentile(50) - d.getValueAtPercentile(50)) + " / "
                            + Figures.addedMicros(r.getValueAtPercentile(99) - d.getValueAtPercentile(99)),
                    Row.NONE, Verdict.REFERENCE));
        }
        return rows;
    }

    @Override
    public List<Row> failedRows() {
        List<Row> rows = new ArrayList<>(List.of(Row.failed("T3", WHAT_P50, goal(P50_GOAL_NANOS)),
                Row.failed("T3", WHAT_P99, goal(P99_GOAL_NANOS))));
        references.forEach(reference -> rows.add(Row.failed("T3", what(reference), Row.NONE)));
        return rows;
    }

    private static String what(Reference reference) {
        return "reference: " + reference.description() + ", 64 B echo, p50 / p99";
    }

    private Histogram roundTrips(Endpoints path) throws Exception {
        try (EchoLatency echo = EchoLatency.connect(path.echo())) {
            echo.roundTrips(budget.echoWarmup(), LIMIT);
            Histogram measured = echo.roundTrips(budget.echoCount(), LIMIT);
            Progress.say("T3  echo     %-6s %s", path.name(), Percentiles.describe(measured));
            return measured;
        }
    }

    private static Row row(String target, String what, double direct, double ktun, double goalNanos) {
        double added = ktun - direct;
        return new Row(target, what, Figures.micros(direct), Figures.micros(ktun), Figures.addedMicros(added),
                goal(goalNanos), Verdict.meets(added <= goalNanos));
    }

    private static String goal(double goalNanos) {
        return "<= " + Figures.micros(goalNanos) + " added";
    }
}
