package dev.ktun.proxy;

import dev.ktun.tunnel.HostPort;

/** A port the proxy listens on and the origin that gets its connections when no developer claims the port. */
public record Route(int listenPort, HostPort origin) {

    /** Parses {@code LISTENPORT=ORIGINHOST:ORIGINPORT}. */
    public static Route parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("route '" + spec + "' is not LISTENPORT=ORIGINHOST:ORIGINPORT (e.g. 8080=api-ktun-origin:80)");
        }
        int listen = HostPort.parsePort(spec.substring(0, eq), spec);
        if (listen == 0) {
            throw new IllegalArgumentException("route '" + spec + "': the listen port must not be 0");
        }
        return new Route(listen, HostPort.parse(spec.substring(eq + 1)));
    }

    @Override
    public String toString() {
        return ":" + listenPort + " -> " + origin;
    }
}
