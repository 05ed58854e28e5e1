package dev.ktun.proxy;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.ErrorCode;
import dev.ktun.tunnel.Reason;
import dev.ktun.tunnel.SessionListener;
import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The proxy's side of every tunnel: dials what clients open, records their claims, forgets them when they go. */
final class ProxySessions implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProxySessions.class);

    private final Claims claims;
    private final Set<TunnelSession> open = ConcurrentHashMap.newKeySet();

    ProxySessions(Claims claims) {
        this.claims = claims;
    }

    @Override
    public void opened(TunnelSession session) {
        open.add(session);
    }

    /** The proxy stops: every tunnel leaves in order, its callers finishing first (docs/protocol.md, Leaving). */
    void leaveAll(String reason, Duration limit) {
        open.forEach(session -> session.leave(reason, limit));
    }

    boolean none() {
        return open.isEmpty();
    }

    @Override
    public void streamOpened(TunnelStream stream) {
        if (stream.target().isClaimedRoute()) {
            stream.reset(ErrorCode.PROTOCOL_ERROR, "a client opens streams toward host:port, not toward route ports");
            return;
        }
        Sockets.dialFor(stream, stream.target().host(), stream.target().port(), "cluster address");
    }

    @Override
    public Map<Integer, Claim.Status> claimRequested(TunnelSession session, List<Integer> ports) {
        return claims.grant(session, ports);
    }

    /** New callers go to the origin at once; those already on the tunnel finish there. */
    @Override
    public void peerLeaving(TunnelSession session, Reason reason) {
        claims.release(session);
    }

    @Override
    public void closed(TunnelSession session, Reason reason) {
        LOG.info("{} disconnected: {}", session, reason);
        open.remove(session);
        claims.release(session);
    }
}
