package dev.ktun.bench;

import dev.ktun.outbound.ResolverBenchmark;
import java.time.Duration;
import java.util.List;

/**
 * DNS (issue 6): ktun's resolver answering cluster names over UDP on loopback, in the bench's JVM, against a UDP echo
 * server driven by the same clients and queries (what loopback UDP costs before any DNS work).
 */
final class DnsTarget {
    static final double GOAL_PER_SECOND = 20_000;
    static final double GOAL_P99_MICROS = 2_000;
    /** Closed-loop clients: two per core, enough to keep the resolver's single event loop busy. */
    static final int CLIENTS = 4;
    private static final String WHAT_RATE = "resolver, " + CLIENTS + " UDP clients, queries/s";
    private static final String WHAT_P99 = "resolver, " + CLIENTS + " UDP clients, p99";

    private final Duration window;

    DnsTarget(Budget budget) {
        this.window = budget.load();
    }

    List<Row> measure() throws Exception {
        ResolverBenchmark.Result echo = ResolverBenchmark.echoBaseline(window, CLIENTS);
        Progress.say("DNS udp echo  %s", echo);
        ResolverBenchmark.Result resolver = ResolverBenchmark.run(window, CLIENTS);
        Progress.say("DNS resolver  %s", resolver);
        return List.of(
                new Row("DNS", WHAT_RATE, Figures.perSecond(echo.queriesPerSecond()), Figures.perSecond(resolver.queriesPerSecond()),
                        Figures.percent(resolver.queriesPerSecond() / echo.queriesPerSecond()), ">= " + Figures.perSecond(GOAL_PER_SECOND),
                        Verdict.meets(resolver.queriesPerSecond() >= GOAL_PER_SECOND && resolver.lost() == 0)),
                new Row("DNS", WHAT_P99, Figures.millis(echo.p99Micros() * 1e3), Figures.millis(resolver.p99Micros() * 1e3), Row.NONE,
                        "<= " + Figures.millis(GOAL_P99_MICROS * 1e3), Verdict.meets(resolver.p99Micros() <= GOAL_P99_MICROS)));
    }

    List<Row> failedRows() {
        return List.of(Row.failed("DNS", WHAT_RATE, ">= " + Figures.perSecond(GOAL_PER_SECOND)),
                Row.failed("DNS", WHAT_P99, "<= " + Figures.millis(GOAL_P99_MICROS * 1e3)));
    }
}
