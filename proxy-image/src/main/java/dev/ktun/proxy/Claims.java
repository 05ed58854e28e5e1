package dev.ktun.proxy;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.TunnelSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tunnel gets each route port's connections. The newest claim wins: a client that reconnects after a network
 * drop takes its port back at once, even before the proxy noticed the old tunnel died. Who may claim at all is
 * decided before: only a tunnel with an accepted token gets here, and the operator refuses conflicting Intercepts.
 */
final class Claims {
    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);

    private final Set<Integer> routePorts;
    private final IntConsumer onClaimed;
    private final Map<Integer, TunnelSession> byPort = new ConcurrentHashMap<>();

    /** @param onClaimed told of every port just granted to a tunnel */
    Claims(Set<Integer> routePorts, IntConsumer onClaimed) {
        this.routePorts = routePorts;
        this.onClaimed = onClaimed;
    }

    Map<Integer, Claim.Status> grant(TunnelSession session, List<Integer> ports) {
        Map<Integer, Claim.Status> answer = new LinkedHashMap<>();
        for (int port : ports) {
            if (!routePorts.contains(port)) {
                answer.put(port, Claim.Status.NO_SUCH_ROUTE);
                continue;
            }
            TunnelSession previous = byPort.put(port, session);
            if (previous != null && previous != session) {
                LOG.info("route port {} now goes to {} (was {})", port, session, previous);
            } else {
                LOG.info("route port {} now goes to {}", port, session);
            }
            answer.put(port, Claim.Status.GRANTED);
            onClaimed.accept(port);
        }
        return answer;
    }

    /** Forgets every port of a tunnel that ended: from now on their connections go to the origin. */
    void release(TunnelSession session) {
        byPort.forEach((port, holder) -> {
            if (holder == session && byPort.remove(port, session)) {
                LOG.info("route port {} back to its origin ({} is gone or leaving)", port, session);
            }
        });
    }

    /** The open tunnel that claimed the port, or null: the connection goes to the origin. */
    TunnelSession claimant(int port) {
        TunnelSession session = byPort.get(port);
        return session != null && session.isOpen() ? session : null;
    }
}
