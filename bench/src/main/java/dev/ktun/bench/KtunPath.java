package dev.ktun.bench;

import dev.ktun.tunnel.Tokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The path under test: the real proxy and client jars as two JVMs, started through their documented command lines.
 * The client claims one proxy route port per backend port (intercept direction); the path counts as ready only when
 * the client says each claim is active. Each route's origin is a port nobody serves, so a byte that gets through
 * went through the tunnel.
 */
final class KtunPath implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);

    private final ChildProcess proxy;
    private final ChildProcess client;
    private final Map<Integer, Integer> routeByBackendPort;
    private final Path tokenFile;

    private KtunPath(ChildProcess proxy, ChildProcess client, Map<Integer, Integer> routeByBackendPort, Path tokenFile) {
        this.proxy = proxy;
        this.client = client;
        this.routeByBackendPort = routeByBackendPort;
        this.tokenFile = tokenFile;
    }

    /** Starts proxy then client; {@code jvmFlags} only for what a measurement needs (NMT for T7). */
    static KtunPath start(Jars jars, List<Integer> backendPorts, List<String> jvmFlags) throws IOException, InterruptedException {
        String token = Tokens.fresh();
        Path tokenFile = Files.createTempFile("ktun-bench-", ".token", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token, StandardCharsets.UTF_8);

        List<Integer> ports = FreePorts.pick(backendPorts.size() + 2);
        int tunnelPort = ports.get(0);
        int deadOrigin = ports.get(1);
        Map<Integer, Integer> routes = new HashMap<>();
        List<String> proxyArgs = new ArrayList<>(List.of("--tunnel-listen", "127.0.0.1:" + tunnelPort,
                "--token-sha256", Tokens.sha256Hex(token)));
        List<String> clientArgs = new ArrayList<>(List.of("tunnel", "--endpoint", "127.0.0.1:" + tunnelPort,
                "--token-file", tokenFile.toString(), "-q"));
        for (int i = 0; i < backendPorts.size(); i++) {
            int route = ports.get(i + 2);
            routes.put(backendPorts.get(i), route);
            proxyArgs.addAll(List.of("--route", route + "=127.0.0.1:" + deadOrigin));
            clientArgs.addAll(List.of("--port", backendPorts.get(i) + ":" + route));
        }

        ChildProcess proxy = null;
        ChildProcess client = null;
        try {
            proxy = ChildProcess.start("proxy", command(jvmFlags, jars.proxy(), proxyArgs));
            client = ChildProcess.start("client", command(jvmFlags, jars.client(), clientArgs));
            List<CompletableFuture<String>> claims = new ArrayList<>();
            for (int route : routes.values()) {
                claims.add(client.expect(line -> line.contains("proxy port " + route + " now delivers here")));
            }
            awaitAll(claims, proxy, client);
            return new KtunPath(proxy, client, routes, tokenFile);
        } catch (RuntimeException | InterruptedException e) {
            closeQuietly(client);
            closeQuietly(proxy);
            Files.deleteIfExists(tokenFile);
            throw e;
        }
    }

    /** The proxy route port that delivers to this backend port over the tunnel. */
    InetSocketAddress routeTo(int backendPort) {
        return BackendProcess.loopback(routeByBackendPort.get(backendPort));
    }

    ChildProcess proxy() {
        return proxy;
    }

    ChildProcess client() {
        return client;
    }

    void checkAlive() {
        for (ChildProcess p : List.of(proxy, client)) {
            if (!p.isAlive()) {
                throw p.ended();
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        proxy.close();
        Files.deleteIfExists(tokenFile);
    }

    private static List<String> command(List<String> jvmFlags, Path jar, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Jars.jdkTool("java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }

    /** Waits for the client's claim lines, failing early with the proxy's output when the proxy dies first. */
    private static void awaitAll(List<CompletableFuture<String>> claims, ChildProcess proxy, ChildProcess client)
            throws InterruptedException {
        CompletableFuture<Void> all = CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!proxy.isAlive()) {
                throw proxy.ended();
            }
            try {
                all.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // keep watching the proxy
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
        throw new IllegalStateException("the client did not claim its ports within " + READY.toSeconds()
                + " s; proxy output:\n" + proxy.recentOutput() + "\nclient output:\n" + client.recentOutput());
    }

    private static void closeQuietly(ChildProcess process) {
        if (process != null) {
            process.close();
        }
    }
}
