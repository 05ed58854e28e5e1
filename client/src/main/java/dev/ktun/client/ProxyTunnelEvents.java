package dev.ktun.client;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.Reason;
import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.TunnelSession;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tunnel's life during {@code ktun intercept} and {@code ktun connect}, in the Service's terms: a line per caller,
 * per drop, per return.
 */
final class ProxyTunnelEvents implements TunnelEvents {
    private final Console console;
    private final Map<Integer, String> servicePortByProxyPort;
    private final Supplier<String> route;
    private final boolean quiet;
    private final String whileLost;
    private volatile boolean everConnected;

    /**
     * @param servicePortByProxyPort "svc/api:80" for each claimed proxy port (none for connect)
     * @param route how the tunnel reaches the proxy now, e.g. "port-forward to pod ktun-proxy-api-x"
     * @param whileLost what happens while the tunnel is down, e.g. "callers go to the cluster's own pods until it is back"
     */
    ProxyTunnelEvents(Console console, Map<Integer, String> servicePortByProxyPort, Supplier<String> route, boolean quiet,
                      String whileLost) {
        this.console = console;
        this.servicePortByProxyPort = Map.copyOf(servicePortByProxyPort);
        this.route = route;
        this.quiet = quiet;
        this.whileLost = whileLost;
    }

    @Override
    public void connected(TunnelSession session) {
        console.say("tunnel %s: %s", everConnected ? "back" : "up", route.get());
        everConnected = true;
    }

    @Override
    public void claimed(Map<Integer, Claim.Status> answer) {
        answer.forEach((proxyPort, status) -> {
            if (status != Claim.Status.GRANTED) {
                console.say("the proxy did not grant %s (no route on its port %d): this is a bug, please report it",
                        label(proxyPort), proxyPort);
            }
        });
    }

    @Override
    public void lost(Reason reason) {
        console.say("tunnel lost (%s); %s", reason, whileLost);
    }

    @Override
    public void reconnecting(int attempt, long delayMillis, Throwable cause) {
        if (attempt == 1 || attempt % 5 == 0) {
            console.say("reconnecting (attempt %d%s)", attempt, cause == null ? "" : ", last error: " + Sockets.describe(cause));
        }
    }

    @Override
    public void incoming(String from, int proxyPort, int localPort, String error) {
        if (error != null) {
            console.say("%s -> %s could not reach localhost:%d: %s; is your process listening?", caller(from), label(proxyPort),
                    localPort, error);
        } else if (!quiet) {
            console.say("%s -> %s -> localhost:%d", caller(from), label(proxyPort), localPort);
        }
    }

    @Override
    public void dropped(String forward) {
        console.say("no tunnel right now: dropped a connection to %s", forward);
    }

    /** "10.244.0.7:51234": the proxy reports the caller as Java prints an address, with a leading slash. */
    private static String caller(String from) {
        return from.startsWith("/") ? from.substring(1) : from;
    }

    private String label(int proxyPort) {
        return servicePortByProxyPort.getOrDefault(proxyPort, "proxy port " + proxyPort);
    }
}
