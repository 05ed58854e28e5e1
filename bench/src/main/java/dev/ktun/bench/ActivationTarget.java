package dev.ktun.bench;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

/**
 * T8: intercept activation once the proxy runs, from the proxy pod marked Ready to the first request that reaches the
 * developer's local server, over several intercepts ({@link ActivationScene}, in a JVM of its own). Round 0 warms the
 * simulated cluster's side up (a real operator and API server have run for days) and is not counted; every
 * {@code ktun intercept} is a fresh JVM, as a developer starts it.
 */
final class ActivationTarget {
    static final double GOAL_NANOS = 50e6;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(120);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(30);

    private final int rounds;

    ActivationTarget(Budget budget) {
        this.rounds = budget.activations();
    }

    List<Row> measure(Jars jars) throws Exception {
        List<ActivationTiming> timings = new ArrayList<>();
        try (ChildProcess scene = ChildProcess.start("activation scene", List.of(Jars.jdkTool("java").toString(),
                "-cp", jars.client() + File.pathSeparator + System.getProperty("java.class.path"), Bench.class.getName(),
                "activation", "--client-jar", jars.client().toString(), "--rounds", String.valueOf(rounds)))) {
            for (int round = 0; round <= rounds; round++) {
                ActivationTiming timing = ActivationTiming.parse(awaitLine(scene, round));
                Progress.say("T8  %s%s", timing.describe(), round == 0 ? " (warm-up, not counted)" : "");
                if (round > 0) {
                    timings.add(timing);
                }
            }
            awaitClosed(scene);
        }
        long readyMedian = median(timings, ActivationTiming::readyToLocalNanos);
        long readyWorst = worst(timings, ActivationTiming::readyToLocalNanos);
        return List.of(
                new Row("T8", whatReady("median"), Row.NONE, Figures.millis(readyMedian), Row.NONE, goal(),
                        Verdict.meets(readyMedian <= GOAL_NANOS)),
                new Row("T8", whatReady("worst"), Row.NONE, Figures.millis(readyWorst), Row.NONE, goal(),
                        Verdict.meets(readyWorst <= GOAL_NANOS)),
                new Row("T8", whatRepointed(), Row.NONE, Figures.millis(median(timings, ActivationTiming::readyToRepointedNanos)) + " / "
                        + Figures.millis(worst(timings, ActivationTiming::readyToRepointedNanos)), Row.NONE, Row.NONE, Verdict.REFERENCE),
                new Row("T8", whatStart(), Row.NONE, Figures.seconds(median(timings, ActivationTiming::startToLocalNanos)) + " / "
                        + Figures.seconds(worst(timings, ActivationTiming::startToLocalNanos)), Row.NONE, Row.NONE, Verdict.REFERENCE));
    }

    List<Row> failedRows() {
        return List.of(Row.failed("T8", whatReady("median"), goal()), Row.failed("T8", whatReady("worst"), goal()),
                Row.failed("T8", whatRepointed(), Row.NONE), Row.failed("T8", whatStart(), Row.NONE));
    }

    private static String awaitLine(ChildProcess scene, int round) throws InterruptedException {
        try {
            return scene.expect(ActivationTiming.isRound(round)).get(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("T8 round " + round + " did not finish within " + ROUND_LIMIT.toSeconds()
                    + " s; the scene said:\n" + scene.recentOutput(), e);
        }
    }

    /** Lets the scene stop its cluster and remove its files before its JVM is ended. */
    private static void awaitClosed(ChildProcess scene) throws InterruptedException {
        try {
            scene.expect(ActivationCommand.CLOSED::equals).get(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Progress.say("T8 scene did not close within %d s (its temporary files may be left): %s", CLOSE_LIMIT.toSeconds(), e);
        }
    }

    private String whatReady(String statistic) {
        return "intercept activation: proxy pod Ready -> first request at localhost, " + statistic + " of " + rounds;
    }

    private String whatRepointed() {
        return "reference: proxy pod Ready -> Service repointed by the operator, median / worst of " + rounds;
    }

    private String whatStart() {
        return "`ktun intercept` started -> first request at localhost, median / worst of " + rounds;
    }

    private static String goal() {
        return "<= " + Figures.millis(GOAL_NANOS);
    }

    static long median(List<ActivationTiming> timings, ToLongFunction<ActivationTiming> figure) {
        long[] sorted = timings.stream().mapToLong(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static long worst(List<ActivationTiming> timings, ToLongFunction<ActivationTiming> figure) {
        return timings.stream().mapToLong(figure).max().orElseThrow();
    }
}
