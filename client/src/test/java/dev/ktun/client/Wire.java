package dev.ktun.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Blocking socket helpers for tests: every read bounded by a socket timeout. */
final class Wire {
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private Wire() {
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Connects, half-closes, and returns everything the server said. */
    static String ask(int port) throws IOException {
        try (Socket socket = connect(port)) {
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("stream ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }
}
