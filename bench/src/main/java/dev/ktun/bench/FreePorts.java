package dev.ktun.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for the proxy, which takes fixed numbers on its command line. Held together while choosing so they differ;
 * another program may still take one before the proxy binds it, and the proxy then says so on exit.
 */
final class FreePorts {
    private FreePorts() {
    }

    static List<Integer> pick(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                // The proxy binds route ports on 0.0.0.0: check the port is free there, not only on loopback.
                socket.bind(new InetSocketAddress("0.0.0.0", 0));
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // nothing to release
                }
            }
        }
    }
}
