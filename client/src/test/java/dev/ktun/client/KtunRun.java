package dev.ktun.client;

import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The CLI run in this JVM through its testable entry point: for one-shot commands, or in the background. */
final class KtunRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private KtunRun() {
    }

    /** Runs to the end and returns the finished run. */
    static KtunRun run(String... args) {
        KtunRun run = new KtunRun();
        run.exit.complete(Ktun.run(new PrintWriter(run.out, true), new PrintWriter(run.err, true), args));
        return run;
    }

    /** Runs on a thread of its own (a long-lived command such as intercept). */
    static KtunRun background(String... args) {
        KtunRun run = new KtunRun();
        Thread thread = new Thread(() -> {
            try {
                run.exit.complete(Ktun.run(new PrintWriter(run.out, true), new PrintWriter(run.err, true), args));
            } catch (Throwable t) {
                run.exit.completeExceptionally(t);
            }
        }, "ktun-under-test");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    int exitCode() {
        try {
            return exit.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("ktun did not finish within 60 s; its stderr:\n" + err, e);
        }
    }

    boolean finished() {
        return exit.isDone();
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    void awaitErr(String text, Duration atMost) {
        await().atMost(atMost).until(() -> err().contains(text) || finished());
        if (!err().contains(text)) {
            throw new AssertionError("ktun ended without saying '" + text + "'; its stderr:\n" + err());
        }
    }
}
