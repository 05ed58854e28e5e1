package dev.ktun.client;

import dev.ktun.tunnel.HostPort;

/**
 * {@code --port LOCAL[:SVCPORT]}: connections to the Service's port SVCPORT (number or name) arrive at
 * localhost:LOCAL. Without SVCPORT the Service must have exactly one port.
 */
record InterceptPortOption(int localPort, String servicePort) {

    static InterceptPortOption parse(String text) {
        int colon = text.indexOf(':');
        String local = colon < 0 ? text : text.substring(0, colon);
        int localPort = HostPort.parsePort(local, text);
        if (localPort == 0) {
            throw new IllegalArgumentException("'" + text + "': the local port must not be 0");
        }
        if (colon < 0) {
            return new InterceptPortOption(localPort, null);
        }
        String service = text.substring(colon + 1);
        if (service.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not LOCAL[:SVCPORT] (e.g. 8080, 8080:80 or 8080:http)");
        }
        return new InterceptPortOption(localPort, service);
    }

    @Override
    public String toString() {
        return servicePort == null ? String.valueOf(localPort) : localPort + ":" + servicePort;
    }
}
