package dev.ktun.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A look at the developer's own ports before intercepting: a missing local process is worth a warning, not a stop. */
final class LocalPorts {
    private static final int CONNECT_TIMEOUT_MILLIS = 300;

    private LocalPorts() {
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalDelivery.LOCAL_HOST, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
