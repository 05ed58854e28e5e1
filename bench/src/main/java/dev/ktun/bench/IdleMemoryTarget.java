package dev.ktun.bench;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;

/**
 * T7: memory per idle stream, on each side, with 10,000 live idle streams through ktun: (live memory with the
 * streams open - live memory before) / streams, where live memory is heap used after a full GC plus direct memory
 * ({@link ProcessMemory}). Runs on its own proxy and client, started with Native Memory Tracking, the one flag the
 * measurement needs.
 */
final class IdleMemoryTarget {
    static final double GOAL_BYTES = 10 * 1024;
    static final List<String> NMT = List.of("-XX:NativeMemoryTracking=summary");
    private static final Duration OPEN_LIMIT = Duration.ofMinutes(2);
    /** Streams opened and closed first so that code paths and buffer pools are warm in the baseline. */
    private static final int WARMUP_STREAMS = 1_000;

    private final Budget budget;
    private final EventLoopGroup callers;

    IdleMemoryTarget(Budget budget, EventLoopGroup callers) {
        this.budget = budget;
        this.callers = callers;
    }

    List<Row> measure(Jars jars, BackendPorts backend) throws Exception {
        try (KtunPath ktun = KtunPath.start(jars, List.of(backend.echo()), NMT)) {
            var route = ktun.routeTo(backend.echo());
            try (IdleStreams warm = IdleStreams.open(callers, route, WARMUP_STREAMS, OPEN_LIMIT)) {
                Progress.say("T7  warm-up  %,d streams opened", warm.open());
            }
            ProcessMemory.Snapshot proxyBefore = ProcessMemory.of(ktun.proxy().pid());
            ProcessMemory.Snapshot clientBefore = ProcessMemory.of(ktun.client().pid());
            int count = budget.idleStreams();
            try (IdleStreams streams = IdleStreams.open(callers, route, count, OPEN_LIMIT)) {
                Progress.say("T7  idle     %,d live streams open", streams.open());
                ProcessMemory.Snapshot proxyAfter = ProcessMemory.of(ktun.proxy().pid());
                ProcessMemory.Snapshot clientAfter = ProcessMemory.of(ktun.client().pid());
                if (streams.open() != count) {
                    throw new IllegalStateException("only " + streams.open() + " of " + count + " streams stayed open while measured");
                }
                ktun.checkAlive();
                return List.of(row("proxy", proxyBefore, proxyAfter), row("client", clientBefore, clientAfter));
            }
        }
    }

    List<Row> failedRows() {
        return List.of(Row.failed("T7", what("proxy"), goal()), Row.failed("T7", what("client"), goal()));
    }

    private Row row(String side, ProcessMemory.Snapshot before, ProcessMemory.Snapshot after) {
        int count = budget.idleStreams();
        double perStream = (double) (after.total() - before.total()) / count;
        String detail = "heap " + signedMib(after.heapBytes() - before.heapBytes()) + ", direct "
                + signedMib(after.directBytes() - before.directBytes());
        Progress.say("T7  %-6s   %s per stream (%s for %,d streams)", side, Figures.kib(perStream), detail, count);
        return new Row("T7", what(side), Row.NONE, Figures.kib(perStream) + " per stream", detail, goal(),
                Verdict.meets(perStream <= GOAL_BYTES));
    }

    private String what(String side) {
        return String.format("%,d idle streams, memory per stream, %s", budget.idleStreams(), side);
    }

    private static String goal() {
        return "<= " + Figures.kib(GOAL_BYTES);
    }

    private static String signedMib(long bytes) {
        return (bytes >= 0 ? "+" : "") + Figures.mib(bytes);
    }
}
