package dev.ktun.client.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies bytes between two sockets until both directions ended, one thread per direction, passing half-closes on.
 * The simulated cluster's plumbing (kube-proxy's part); the real data plane is Netty, not this.
 */
final class Relay {
    private Relay() {
    }

    static void between(Socket a, Socket b, String name) {
        AtomicInteger open = new AtomicInteger(2);
        Thread there = new Thread(() -> copy(a, b, open), name + "-out");
        Thread back = new Thread(() -> copy(b, a, open), name + "-back");
        there.setDaemon(true);
        back.setDaemon(true);
        there.start();
        back.start();
    }

    private static void copy(Socket from, Socket to, AtomicInteger open) {
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
            if (open.decrementAndGet() == 0) {
                closeBoth(from, to);
            }
        } catch (IOException e) {
            closeBoth(from, to);
        }
    }

    static void closeBoth(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // already closed or broken: nothing more to do
        }
    }
}
