package dev.ktun.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs a command to completion within a bound, killing it otherwise; output and error merged. */
final class ChildJvm {
    private ChildJvm() {
    }

    static String run(List<String> command, int timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted", e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** The JDK running the tests, and any JDK 18+ installed beside it (JEP 418's resolver SPI). */
    static List<Path> javas() throws IOException {
        List<Path> found = new ArrayList<>();
        found.add(Path.of(System.getProperty("java.home"), "bin", "java"));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.filter(d -> d.getFileName().toString().matches(".*(1[89]|2[0-9])[-.].*"))
                        .map(d -> d.resolve("bin/java")).filter(Files::isExecutable).sorted().findFirst().ifPresent(found::add);
            }
        }
        return found;
    }

    static String testClasses() {
        return Path.of(System.getProperty("basedir", "."), "target", "test-classes").toAbsolutePath().toString();
    }
}
