package dev.ktun.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The command after {@code --}: runs for the life of the intercept with the terminal's stdin/stdout/stderr and, when
 * imported, the pod's environment on top of ktun's own. Its exit ends the intercept and becomes ktun's exit code.
 */
final class ChildCommand {
    private static final long GRACE_SECONDS = 5;

    private final Process process;

    private ChildCommand(Process process) {
        this.process = process;
    }

    static ChildCommand start(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        try {
            return new ChildCommand(builder.start());
        } catch (IOException e) {
            throw new KtunException(ExitCode.USAGE, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
    }

    /** Completes with the exit code. */
    CompletableFuture<Integer> exit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** Asks it to stop (SIGTERM), then insists after a grace period: the intercept should not outlive it, nor it the intercept. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
