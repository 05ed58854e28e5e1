package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the OS tools the wiring needs ({@code resolvectl}, {@code ip}, {@code ifconfig}); tests give a recording fake. */
@FunctionalInterface
public interface CommandRunner {
    Duration TIMEOUT = Duration.ofSeconds(10);
    int MAX_OUTPUT = 4096;

    /**
     * Runs {@code argv} and returns what it printed (output and error, at most {@link #MAX_OUTPUT} bytes); fails with
     * that output when it exits non-zero, cannot be started, or takes longer than {@link #TIMEOUT}.
     */
    String run(List<String> argv) throws IOException;

    CommandRunner SYSTEM = argv -> {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish within " + TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", argv) + " interrupted", e);
        }
        String output = new String(process.getInputStream().readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed (exit " + process.exitValue() + "): " + output);
        }
        return output;
    };
}
