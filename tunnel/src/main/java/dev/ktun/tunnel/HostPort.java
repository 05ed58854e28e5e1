package dev.ktun.tunnel;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} as people type it on command lines; IPv6 hosts in brackets ({@code [::1]:7300}). */
public record HostPort(String host, int port) {

    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:7300)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 host in brackets, e.g. [::1]:7300");
        }
        return new HostPort(host, parsePort(text.substring(colon + 1), text));
    }

    public static int parsePort(String text, String context) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the context
        }
        throw new IllegalArgumentException("'" + context + "': '" + text + "' is not a port number (0-65535)");
    }

    public InetSocketAddress toAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
