package dev.ktun.client;

import dev.ktun.tunnel.HostPort;

/** {@code --forward LADDR:LPORT=HOST:PORT}: listen here, dial HOST:PORT from the proxy's side (like ssh -L). */
record Forward(HostPort listen, HostPort target) {

    static Forward parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not LADDR:LPORT=HOST:PORT (e.g. 127.0.0.1:5432=postgres.db:5432)");
        }
        HostPort target = HostPort.parse(text.substring(eq + 1));
        if (target.port() == 0) {
            throw new IllegalArgumentException("'" + text + "': the target port must not be 0");
        }
        return new Forward(HostPort.parse(text.substring(0, eq)), target);
    }
}
