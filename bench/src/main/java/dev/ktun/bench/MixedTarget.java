package dev.ktun.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * T6: 64-byte echo round trips on one connection while another connection pushes bulk bytes through the same
 * tunnel. The small requests' p99 must stay <= 5 ms (no head-of-line blocking behind bulk frames) and the bulk stream
 * must keep >= 70 % of its T1 throughput.
 */
final class MixedTarget implements Measurement {
    static final double P99_GOAL_NANOS = 5_000_000;
    static final double BULK_GOAL = 0.70;
    /** The bulk stream starts this much before the echoes and ends this much after, so every echo meets bulk. */
    private static final Duration BULK_MARGIN = Duration.ofMillis(500);
    private static final String WHAT_P99 = "64 B echo p99 beside a bulk stream";
    private static final String WHAT_BULK = "that bulk stream's throughput";

    private final Budget budget;
    private final Supplier<Throughput> t1Ktun;

    private record Result(Histogram echo, Throughput bulk) {
    }

    MixedTarget(Budget budget, Supplier<Throughput> t1Ktun) {
        this.budget = budget;
        this.t1Ktun = t1Ktun;
    }

    @Override
    public String target() {
        return "T6";
    }

    @Override
    public List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception {
        Result d = mixed(direct);
        Result k = mixed(ktun);
        double p99 = k.echo().getValueAtPercentile(99);
        Throughput reference = t1Ktun.get();
        double kept = reference == null ? Double.NaN : k.bulk().gbitPerSecond() / reference.gbitPerSecond();
        return List.of(
                new Row("T6", WHAT_P99, Figures.millis(d.echo().getValueAtPercentile(99)), Figures.millis(p99), Row.NONE,
                        p99Goal(), Verdict.meets(p99 <= P99_GOAL_NANOS)),
                new Row("T6", WHAT_BULK, Figures.gbits(d.bulk().gbitPerSecond()), Figures.gbits(k.bulk().gbitPerSecond()),
                        reference == null ? Row.NONE : Figures.percent(kept) + " of T1", bulkGoal(),
                        reference == null ? Verdict.FAILED : Verdict.meets(kept >= BULK_GOAL)));
    }

    @Override
    public List<Row> failedRows() {
        return List.of(Row.failed("T6", WHAT_P99, p99Goal()), Row.failed("T6", WHAT_BULK, bulkGoal()));
    }

    private Result mixed(Endpoints path) throws Exception {
        run(path, budget.bulkWarmup());
        Result result = run(path, budget.mixed());
        Progress.say("T6  mixed    %-6s bulk %s, echo %s", path.name(), Figures.gbits(result.bulk().gbitPerSecond()),
                Percentiles.describe(result.echo()));
        return result;
    }

    private static Result run(Endpoints path, Duration duration) throws Exception {
        ExecutorService bulkThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-t6-bulk"));
        try (EchoLatency echo = EchoLatency.connect(path.echo())) {
            CompletableFuture<Throughput> bulk = CompletableFuture.supplyAsync(() -> {
                try {
                    return BulkTransfer.upload(path.sink(), duration.plus(BULK_MARGIN.multipliedBy(2)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, bulkThread);
            Thread.sleep(BULK_MARGIN.toMillis());
            Histogram histogram = echo.roundTripsFor(duration);
            return new Result(histogram, bulk.get(duration.toSeconds() + 60, TimeUnit.SECONDS));
        } finally {
            bulkThread.shutdownNow();
        }
    }

    private static String p99Goal() {
        return "<= " + Figures.millis(P99_GOAL_NANOS);
    }

    private static String bulkGoal() {
        return ">= " + Figures.percent(BULK_GOAL) + " of T1";
    }
}
