package dev.ktun.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An application resolving names the ordinary way; run in a child JVM by the agent and namespace tests. */
public final class ResolveMain {
    private ResolveMain() {
    }

    public static void main(String[] names) {
        for (String name : names) {
            try {
                System.out.println(name + "=" + InetAddress.getByName(name).getHostAddress());
            } catch (UnknownHostException e) {
                System.out.println(name + "=unknown");
            }
        }
    }
}
