package dev.ktun.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A developer's Java program, run by a test as {@code ktun intercept ... -- java CallByName NAME PORT FILE}: it opens
 * a connection to the cluster name as any Java client would (InetAddress, so through the JVM's resolver) and writes
 * the first line it reads to FILE.
 */
public final class CallByName {
    private CallByName() {
    }

    public static void main(String[] args) throws IOException {
        try (Socket socket = new Socket(args[0], Integer.parseInt(args[1]))) {
            socket.setSoTimeout(10_000);
            String line = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Files.writeString(Path.of(args[2]), socket.getInetAddress().getHostAddress() + " " + line);
        }
    }
}
