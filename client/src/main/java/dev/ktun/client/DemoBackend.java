package dev.ktun.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** A tiny real HTTP server standing in for a pod (or for the developer's local process). */
final class DemoBackend implements AutoCloseable {
    private final HttpServer server;

    private DemoBackend(HttpServer server) {
        this.server = server;
    }

    static DemoBackend answering(Supplier<String> body) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/", exchange -> reply(exchange, body.get()));
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "demo-backend");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new DemoBackend(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a demo backend on loopback", e);
        }
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
