package dev.ktun.tunnel;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the application (proxy or client) does with a tunnel's events. Called on the tunnel's event loop. */
public interface SessionListener {

    /** The handshake completed: the tunnel carries streams from now on. */
    default void opened(TunnelSession session) {
    }

    /** The peer opened a stream: dial its target, then {@link TunnelStream#attach} or {@link TunnelStream#reset}. */
    void streamOpened(TunnelStream stream);

    /** The client claims route ports (proxy side). The answer goes back to the client. */
    default Map<Integer, Claim.Status> claimRequested(TunnelSession session, List<Integer> ports) {
        return ports.stream().collect(Collectors.toMap(p -> p, p -> Claim.Status.NO_SUCH_ROUTE, (a, b) -> a));
    }

    /** The proxy answered a claim (client side). */
    default void claimAnswered(TunnelSession session, Map<Integer, Claim.Status> answer) {
    }

    /**
     * The peer leaves in order ({@link TunnelSession#leave}): this side opens no more streams on the tunnel, whose open
     * streams finish before the peer closes it.
     */
    default void peerLeaving(TunnelSession session, Reason reason) {
    }

    /** The tunnel is gone; its streams are already reset, but for those that only deliver their last bytes. */
    default void closed(TunnelSession session, Reason reason) {
    }
}
