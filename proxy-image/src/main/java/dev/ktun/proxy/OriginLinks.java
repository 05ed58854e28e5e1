package dev.ktun.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callers of one route that are relayed to its origin. The proxy routes connections, not requests, so a
 * kept-alive connection opened before an intercept would stay with the origin for as long as the caller keeps it
 * (kubernetes#82727 is the same complaint about selector changes). While the port is claimed, each of these
 * connections is closed as soon as it has been idle for a moment, which any HTTP client handles by opening a new
 * one, and that one goes to the developer. Connections in the middle of an exchange are left to finish; a caller that
 * never pauses for that long stays with the origin until it does.
 */
final class OriginLinks {
    private static final Logger LOG = LoggerFactory.getLogger(OriginLinks.class);
    static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SWEEP_MILLIS = 50;

    private final int port;
    private final Set<OriginLink> links = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> sweep;

    OriginLinks(int port) {
        this.port = port;
    }

    OriginLink add(Channel caller) {
        OriginLink link = new OriginLink(caller);
        links.add(link);
        caller.closeFuture().addListener(f -> links.remove(link));
        return link;
    }

    /**
     * Closes idle origin connections for as long as the port stays claimed and any are left: one that goes idle only
     * after minutes of traffic moves then. The sweep ends with the claim or the last origin connection.
     */
    synchronized void moveToClaimant(EventLoopGroup group, BooleanSupplier stillClaimed) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        sweep = group.scheduleAtFixedRate(() -> {
            if (!stillClaimed.getAsBoolean() || links.isEmpty()) {
                stop();
                return;
            }
            for (OriginLink link : links) {
                if (link.idleFor(IDLE_NANOS)) {
                    LOG.debug("route port {}: closing idle origin connection of {} so it reconnects to the claimant",
                            port, link.caller().remoteAddress());
                    links.remove(link);
                    link.close();
                }
            }
        }, 0, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The proxy stops: idle origin connections close as they go idle, busy ones finish first. */
    void drain(EventLoopGroup group) {
        moveToClaimant(group, () -> true);
    }

    boolean isEmpty() {
        return links.isEmpty();
    }

    private synchronized void stop() {
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }
}
