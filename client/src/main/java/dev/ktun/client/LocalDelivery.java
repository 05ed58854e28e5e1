package dev.ktun.client;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.ErrorCode;
import dev.ktun.tunnel.Reason;
import dev.ktun.tunnel.SessionListener;
import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/** The client's side of a tunnel: connections the proxy sends for a claimed port go to the local process. */
final class LocalDelivery implements SessionListener {
    /** IPv4 loopback, not "localhost": a name that resolves to ::1 first misses apps bound to 127.0.0.1. */
    static final String LOCAL_HOST = "127.0.0.1";

    private final Map<Integer, Integer> localPortByProxyPort;
    private final TunnelEvents events;
    private final BiConsumer<TunnelSession, Reason> onGone;
    private final CompletableFuture<Map<Integer, Claim.Status>> firstAnswer = new CompletableFuture<>();

    LocalDelivery(List<PortClaim> claims, TunnelEvents events, BiConsumer<TunnelSession, Reason> onGone) {
        this.localPortByProxyPort = Map.copyOf(claims.stream()
                .collect(Collectors.toMap(PortClaim::proxyPort, PortClaim::localPort)));
        this.events = events;
        this.onGone = onGone;
    }

    /** The proxy's first answer to this client's claims. */
    CompletableFuture<Map<Integer, Claim.Status>> firstAnswer() {
        return firstAnswer;
    }

    List<Integer> proxyPorts() {
        return List.copyOf(localPortByProxyPort.keySet());
    }

    @Override
    public void streamOpened(TunnelStream stream) {
        Integer local = stream.target().isClaimedRoute() ? localPortByProxyPort.get(stream.target().port()) : null;
        if (local == null) {
            stream.reset(ErrorCode.UNREACHABLE, "this client delivers only the ports it claimed, not " + stream.target());
            return;
        }
        String from = stream.target().from();
        int proxyPort = stream.target().port();
        Sockets.dialFor(stream, LOCAL_HOST, local, "the local process on").addListener(f ->
                events.incoming(from, proxyPort, local, f.isSuccess() ? null : Sockets.describe(f.cause())));
    }

    @Override
    public void claimAnswered(TunnelSession session, Map<Integer, Claim.Status> answer) {
        events.claimed(answer);
        firstAnswer.complete(answer);
    }

    /** A stopping proxy: the next tunnel is looked for now, while the callers on this one finish there. */
    @Override
    public void peerLeaving(TunnelSession session, Reason reason) {
        onGone.accept(session, reason);
    }

    @Override
    public void closed(TunnelSession session, Reason reason) {
        onGone.accept(session, reason);
    }
}
