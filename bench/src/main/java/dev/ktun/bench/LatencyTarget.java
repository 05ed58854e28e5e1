package dev.ktun.bench;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * T3: one keep-alive connection, 64-byte echo round trips; latency ktun adds at p50 (<= 25 us) and p99 (<= 120 us).
 * The same round trips through a {@link PlainRelay} show what two relay hops alone add on this machine.
 */
final class LatencyTarget implements Measurement {
    static final double P50_GOAL_NANOS = 25_000;
    static final double P99_GOAL_NANOS = 120_000;
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final String WHAT_P50 = "1 keep-alive connection, 64 B echo, p50";
    private static final String WHAT_P99 = "1 keep-alive connection, 64 B echo, p99";

    private static final String WHAT_RELAY = "reference: plain 2-hop relay, no tunnel, 64 B echo, p50 / p99";

    private final Budget budget;
    private final Endpoints relay;

    LatencyTarget(Budget budget, Endpoints relay) {
        this.budget = budget;
        this.relay = relay;
    }

    @Override
    public String target() {
        return "T3";
    }

    @Override
    public List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception {
        Histogram d = roundTrips(direct);
        Histogram k = roundTrips(ktun);
        Histogram r = roundTrips(relay);
        return List.of(row("T3", WHAT_P50, d.getValueAtPercentile(50), k.getValueAtPercentile(50), P50_GOAL_NANOS),
                row("T3", WHAT_P99, d.getValueAtPercentile(99), k.getValueAtPercentile(99), P99_GOAL_NANOS),
                new Row("T3", WHAT_RELAY, Figures.micros(d.getValueAtPercentile(50)) + " / " + Figures.micros(d.getValueAtPercentile(99)),
                        Figures.micros(r.getValueAtPercentile(50)) + " / " + Figures.micros(r.getValueAtPercentile(99)),
                        Figures.addedMicros(r.getValueAtPercentile(50) - d.getValueAtPercentile(50)) + " / "
                                + Figures.addedMicros(r.getValueAtPercentile(99) - d.getValueAtPercentile(99)),
                        Row.NONE, Verdict.REFERENCE));
    }

    @Override
    public List<Row> failedRows() {
        return List.of(Row.failed("T3", WHAT_P50, goal(P50_GOAL_NANOS)), Row.failed("T3", WHAT_P99, goal(P99_GOAL_NANOS)),
                Row.failed("T3", WHAT_RELAY, Row.NONE));
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
