package dev.ktun.client;

import dev.ktun.tunnel.HostPort;

/** {@code --port LOCAL:PROXYPORT}: connections to the proxy's PROXYPORT arrive at localhost:LOCAL. */
record PortClaim(int localPort, int proxyPort) {

    static PortClaim parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not LOCAL:PROXYPORT (e.g. 8080:80)");
        }
        int local = HostPort.parsePort(text.substring(0, colon), text);
        int proxy = HostPort.parsePort(text.substring(colon + 1), text);
        if (local == 0 || proxy == 0) {
            throw new IllegalArgumentException("'" + text + "': ports must not be 0");
        }
        return new PortClaim(local, proxy);
    }
}
