package dev.ktun.client;

import dev.ktun.proxy.Proxy;
import dev.ktun.proxy.Route;
import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Reason;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelSettings;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM runs the tunnel's code for the first time when it opens its first tunnel, and on a slow machine loading
 * and compiling that code takes a few hundred milliseconds (a warm JVM opens the same tunnel in about twenty). For
 * {@code ktun intercept} that first tunnel comes exactly when it counts: the moment the proxy pod is Ready, in a race
 * with the operator repointing the Service (docs/benchmarks.md, T8). So while the operator starts the proxy, ktun
 * rehearses on loopback, in the background: one tunnel through the same code to a proxy of its own, a claimed port,
 * one connection delivered to a listener of its own, and everything closed again. Nothing leaves this machine and
 * nothing is said: a rehearsal that fails only saves no time.
 */
final class TunnelRehearsal {
    private static final long LIMIT_SECONDS = 10;

    private TunnelRehearsal() {
    }

    static void startInBackground() {
        Thread thread = new Thread(TunnelRehearsal::rehearseQuietly, "ktun-tunnel-rehearsal");
        thread.setDaemon(true);
        thread.start();
    }

    private static void rehearseQuietly() {
        try {
            rehearse();
        } catch (Exception e) {
            // a rehearsal only warms code up; the real tunnel does not depend on it
        }
    }

    private static void rehearse() throws Exception {
        String token = Tokens.fresh();
        InetAddress loopback = InetAddress.getByName(LocalDelivery.LOCAL_HOST);
        try (ServerSocket developer = new ServerSocket(0, 1, loopback)) {
            developer.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
            int routePort = freePort(loopback);
            // The connection goes to the claimant; if the tunnel were gone by then, the origin is the same listener.
            HostPort developerAddress = new HostPort(LocalDelivery.LOCAL_HOST, developer.getLocalPort());
            Proxy proxy = Proxy.start(new Proxy.Config(new HostPort(LocalDelivery.LOCAL_HOST, 0), Set.of(Tokens.sha256Hex(token)), null,
                    List.of(new Route(routePort, developerAddress)), LocalDelivery.LOCAL_HOST, 1,
                    TunnelSettings.defaults("ktun rehearsal")));
            EventLoopGroup group = Transport.group(1, "ktun-rehearsal-io");
            try {
                TunnelClient tunnel = new TunnelClient(group, proxy.tunnelEndpoint(), token,
                        List.of(new PortClaim(developer.getLocalPort(), routePort)), TunnelSettings.defaults(Identity.current()), new Silent());
                tunnel.start();
                tunnel.claimAnswered().get(LIMIT_SECONDS, TimeUnit.SECONDS);
                try (Socket caller = new Socket(loopback, routePort); Socket delivered = developer.accept()) {
                    delivered.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
                    caller.getOutputStream().write(1);
                    delivered.getInputStream().read();
                }
                tunnel.stop();
            } finally {
                proxy.close();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort(InetAddress loopback) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            return probe.getLocalPort();
        }
    }

    /** A rehearsal has nobody to tell. */
    private static final class Silent implements TunnelEvents {
        @Override
        public void connected(TunnelSession session) {
        }

        @Override
        public void claimed(Map<Integer, Claim.Status> answer) {
        }

        @Override
        public void lost(Reason reason) {
        }

        @Override
        public void reconnecting(int attempt, long delayMillis, Throwable cause) {
        }

        @Override
        public void incoming(String from, int proxyPort, int localPort, String error) {
        }

        @Override
        public void dropped(String forward) {
        }
    }
}
