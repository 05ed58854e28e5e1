package dev.ktun.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a running {@code ktun intercept} tells other ktun processes on this machine ({@code ktun status}): one small
 * JSON file per intercept under {@code ~/.ktun/run/} (or {@code $KTUN_HOME/run/}), rewritten every second, removed on
 * exit (the {@code ktun.home} system property overrides both). A file whose process is gone (kill -9) is stale and {@code ktun status} says so and removes it. Nothing
 * secret is in it: the tunnel token stays in the intercept's memory.
 *
 * @param tunnel "up", "reconnecting" or "connecting"
 * @param route how the tunnel reaches the proxy, e.g. "port-forward to pod ktun-proxy-api-x port 7300"
 */
record RunState(long pid, String namespace, String intercept, String service, List<String> ports, String tunnel, String route,
                Double rttMillis, long bytesIn, long bytesOut, String startedAt, String updatedAt) {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static Path directory() {
        return KtunHome.path().resolve("run");
    }

    static Path file(Path directory, String namespace, String intercept) {
        return directory.resolve(namespace + "_" + intercept + ".json");
    }

    void write(Path directory) {
        try {
            Files.createDirectories(directory);
            Path target = file(directory, namespace, intercept);
            Path temporary = directory.resolve("." + target.getFileName() + "." + pid);
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ktun's run state under " + directory, e);
        }
    }

    boolean processAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Every state file in the directory; unreadable ones are skipped (a writer may be mid-way on another OS). */
    static List<RunState> readAll(Path directory) {
        List<RunState> states = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return states;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith("."))
                    .forEach(f -> {
                        try {
                            states.add(JSON.readValue(f.toFile(), RunState.class));
                        } catch (IOException e) {
                            // skipped: see above
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ktun's run state under " + directory, e);
        }
        return states;
    }

    void delete(Path directory) {
        try {
            Files.deleteIfExists(file(directory, namespace, intercept));
        } catch (IOException e) {
            // a leftover file is reported as stale by the next `ktun status`
        }
    }
}
