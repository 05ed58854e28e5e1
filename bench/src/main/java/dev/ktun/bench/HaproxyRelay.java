package dev.ktun.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The same two hops through HAProxy, when it is installed (`apt-get install haproxy`): a relay in C that copies
 * through its own buffers (no splice), one thread per process. What a well-tuned native relay of ktun's shape
 * reaches on this machine, next to ktun's own Java relay ({@link PlainRelay}). Never required: without HAProxy on the
 * PATH the bench runs without these rows.
 */
final class HaproxyRelay implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(10);

    private final List<ChildProcess> processes;
    private final Path configs;
    private final Reference reference;

    private HaproxyRelay(List<ChildProcess> processes, Path configs, Reference reference) {
        this.processes = processes;
        this.configs = configs;
        this.reference = reference;
    }

    /** Starts the relay pair in front of the backend's sink and echo, or returns empty when HAProxy is not installed. */
    static Optional<HaproxyRelay> startIfInstalled(BackendPorts backend) throws IOException, InterruptedException {
        Optional<String> version = version();
        if (version.isEmpty()) {
            Progress.say("haproxy not on the PATH: no HAProxy reference rows (apt-get install haproxy to add them)");
            return Optional.empty();
        }
        Path configs = Files.createTempDirectory("ktun-bench-haproxy-");
        List<Integer> ports = FreePorts.pick(4);
        ChildProcess second = null;
        try {
            second = start("haproxy-b", configs, Map.of(ports.get(0), backend.sink(), ports.get(1), backend.echo()));
            ChildProcess first = start("haproxy-a", configs, Map.of(ports.get(2), ports.get(0), ports.get(3), ports.get(1)));
            Endpoints endpoints = new Endpoints("haproxy", BackendProcess.loopback(ports.get(2)), null,
                    BackendProcess.loopback(ports.get(3)));
            return Optional.of(new HaproxyRelay(List.of(first, second), configs,
                    new Reference(version.get() + " 2-hop relay (C, no splice)", endpoints)));
        } catch (RuntimeException e) {
            // A reference that does not start costs its rows, not the run.
            Progress.say("HAProxy did not start, no HAProxy reference rows: %s", e.getMessage());
            if (second != null) {
                second.close();
            }
            deleteQuietly(configs);
            return Optional.empty();
        }
    }

    Reference reference() {
        return reference;
    }

    @Override
    public void close() {
        processes.forEach(ChildProcess::close);
        deleteQuietly(configs);
    }

    private static Optional<String> version() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(READY.toMillis(), TimeUnit.MILLISECONDS) || probe.exitValue() != 0) {
                return Optional.empty();
            }
            // "HAProxy version 2.6.12-1+deb12u3 2025/10/03 - https://haproxy.org/" -> "HAProxy 2.6.12"
            String[] words = out.strip().split("\\s+");
            return Optional.of(words.length > 2 ? "HAProxy " + words[2].split("-")[0] : "HAProxy");
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
    }

    /** One HAProxy in the foreground relaying each listen port to its target port on loopback. */
    private static ChildProcess start(String name, Path configs, Map<Integer, Integer> targetByListenPort)
            throws IOException, InterruptedException {
        StringBuilder config = new StringBuilder("""
                global
                  nbthread 1
                defaults
                  mode tcp
                  timeout connect 5s
                  timeout client 120s
                  timeout server 120s
                """);
        targetByListenPort.forEach((listen, target) -> config.append("listen relay-").append(listen).append('\n')
                .append("  bind 127.0.0.1:").append(listen).append('\n')
                .append("  server target 127.0.0.1:").append(target).append('\n'));
        Path file = configs.resolve(name + ".cfg");
        Files.writeString(file, config);
        ChildProcess relay = ChildProcess.start(name, List.of("haproxy", "-db", "-f", file.toString()));
        for (int port : targetByListenPort.keySet()) {
            awaitListening(relay, port);
        }
        return relay;
    }

    private static void awaitListening(ChildProcess relay, int port) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!relay.isAlive()) {
                throw relay.ended();
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        relay.close();
        throw new IllegalStateException("HAProxy did not listen on " + port + " within " + READY.toSeconds() + " s; its output:\n"
                + relay.recentOutput());
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
