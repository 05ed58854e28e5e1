package dev.ktun.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A plain blocking TCP server on 127.0.0.1, a thread per connection, for backends in tests. Closing it ends all. */
final class TestServer implements AutoCloseable {
    interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-server");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private TestServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    open.add(socket);
                    threads.execute(() -> {
                        try (socket) {
                            handler.handle(socket);
                        } catch (IOException e) {
                            // the peer went away: nothing to serve
                        } finally {
                            open.remove(socket);
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    static TestServer start(Handler handler) throws IOException {
        return new TestServer(handler);
    }

    /** Writes a fixed line and closes: tells a test which backend a connection reached. */
    static TestServer saying(String line) throws IOException {
        return start(s -> {
            s.getOutputStream().write((line + "\n").getBytes());
            s.shutdownOutput();
            s.getInputStream().readAllBytes();
        });
    }

    static TestServer echo() throws IOException {
        return start(s -> s.getInputStream().transferTo(s.getOutputStream()));
    }

    int port() {
        return server.getLocalPort();
    }

    int openConnections() {
        return open.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
