package dev.ktun.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM the bench started (proxy, client, backend). Its output is drained all the time (a full pipe would stall it)
 * and the last lines are kept to explain a failure. Every child is ended when the bench ends, however it ends.
 */
final class ChildProcess implements AutoCloseable {
    private static final int KEPT_LINES = 200;
    private static final Duration POLITE_STOP = Duration.ofSeconds(5);
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcess::close), "bench-children-stop"));
    }

    private final String name;
    private final Process process;
    private final Deque<String> recent = new ArrayDeque<>();
    private final List<Expectation> expectations = new ArrayList<>();
    private boolean ended;

    private record Expectation(Predicate<String> matches, CompletableFuture<String> line) {
    }

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ChildProcess start(String name, List<String> command) throws IOException {
        return start(name, command, Map.of());
    }

    /** The same, with {@code environment} on top of the bench's own. */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ChildProcess child = new ChildProcess(name, builder.start());
        LIVE.add(child);
        Thread drain = new Thread(child::drain, "bench-" + name + "-output");
        drain.setDaemon(true);
        drain.start();
        return child;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the process used so far (user + system), 0 where the platform does not tell. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The first line (already printed or still to come) that matches; fails when the process ends first. */
    CompletableFuture<String> expect(Predicate<String> matches) {
        CompletableFuture<String> line = new CompletableFuture<>();
        synchronized (this) {
            for (String old : recent) {
                if (matches.test(old)) {
                    line.complete(old);
                    return line;
                }
            }
            if (ended) {
                line.completeExceptionally(ended());
            } else {
                expectations.add(new Expectation(matches, line));
            }
        }
        return line;
    }

    synchronized String recentOutput() {
        return String.join("\n", recent);
    }

    IllegalStateException ended() {
        return new IllegalStateException(name + " ended" + (process.isAlive() ? "" : " with exit code " + process.exitValue())
                + "; its last output:\n" + recentOutput());
    }

    @Override
    public void close() {
        LIVE.remove(this);
        try {
            process.destroy();
            if (!process.waitFor(POLITE_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(POLITE_STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                onLine(line);
            }
        } catch (IOException e) {
            // the stream breaks when the process is killed: the same as its end
        }
        try {
            process.waitFor(POLITE_STOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Expectation> unmet;
        synchronized (this) {
            ended = true;
            unmet = List.copyOf(expectations);
            expectations.clear();
        }
        unmet.forEach(e -> e.line().completeExceptionally(ended()));
    }

    private void onLine(String line) {
        List<Expectation> met = new ArrayList<>();
        synchronized (this) {
            if (recent.size() == KEPT_LINES) {
                recent.removeFirst();
            }
            recent.addLast(line);
            expectations.removeIf(e -> e.matches().test(line) && met.add(e));
        }
        met.forEach(e -> e.line().complete(line));
    }
}
