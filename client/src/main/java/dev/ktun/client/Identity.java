package dev.ktun.client;

import dev.ktun.api.InterceptOwner;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this client is in the proxy's and operator's eyes: "user@host". Informational, never a credential. */
final class Identity {
    private Identity() {
    }

    static String current() {
        return owner().describe();
    }

    static InterceptOwner owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return new InterceptOwner(System.getProperty("user.name", "someone"), host);
    }
}
