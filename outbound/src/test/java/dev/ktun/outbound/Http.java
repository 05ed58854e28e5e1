package dev.ktun.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** A bounded GET to an address (no name lookup). */
final class Http {
    private Http() {
    }

    static String get(InetAddress address, int port) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http", address.getHostAddress(), port, "/").openConnection();
        connection.setConnectTimeout(3000);
        connection.setReadTimeout(3000);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
