package dev.ktun.bench;

import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A workload of T8's scene: answers every request (one line) with one fixed word and closes, so that the caller can
 * tell where its request landed (the origin pod says "origin", the developer's local process "local"). It tells when
 * the next request arrives: that is how T8 learns the moment traffic reached the developer. A connection that closes
 * without a request is none (it is {@code ktun intercept} looking whether anything listens locally).
 */
final class AnsweringServer implements AutoCloseable {
    private static final int READ_LIMIT_MILLIS = 5_000;

    private final ServerSocket server;
    private final byte[] answer;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "bench-answering-server");
        thread.setDaemon(true);
        return thread;
    });
    private volatile CompletableFuture<Long> next = new CompletableFuture<>();

    private AnsweringServer(ServerSocket server, String answer) {
        this.server = server;
        this.answer = (answer + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static AnsweringServer start(String answer) throws IOException {
        AnsweringServer started = new AnsweringServer(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()), answer);
        started.threads.execute(started::acceptLoop);
        return started;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Completes with {@link System#nanoTime()} when the next request (from now on) arrives. */
    CompletableFuture<Long> nextRequest() {
        CompletableFuture<Long> request = new CompletableFuture<>();
        next = request;
        return request;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_LIMIT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (in.readLine() == null) {
                return;
            }
            next.complete(System.nanoTime());
            socket.getOutputStream().write(answer);
        } catch (IOException e) {
            // the caller gave up; it counts the failure itself
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
