package dev.ktun.client;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.ErrorCode;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Reason;
import dev.ktun.tunnel.TunnelChannels;
import dev.ktun.tunnel.TunnelRefusedException;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelSettings;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one tunnel to a proxy up: dials, claims its ports, and when the tunnel drops (network, sleep, proxy restart)
 * dials again with capped exponential backoff. Only a refusal (wrong token, no common version) ends it: retrying
 * would never help, so {@link #termination()} fails with the proxy's reason.
 */
final class TunnelClient {
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 5000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long a leaving client waits for the callers already on its tunnel: long enough for answers in flight, short
     * enough for Ctrl-C. A caller's kept-alive connection stays open until then, and is cut then.
     */
    static final Duration LEAVE_LIMIT = Duration.ofSeconds(2);

    private final EventLoopGroup group;
    private final HostPort endpoint;
    private final byte[] token;
    private final TunnelSettings settings;
    private final TunnelEvents events;
    private final LocalDelivery delivery;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final long authGraceNanos;
    private long startedNanos;
    private volatile TunnelSession current;
    private volatile boolean stopping;
    private int attempt;

    TunnelClient(EventLoopGroup group, HostPort endpoint, String token, List<PortClaim> claims, TunnelSettings settings,
                 TunnelEvents events) {
        this(group, endpoint, token, claims, settings, events, Duration.ZERO);
    }

    /**
     * @param authGrace how long after {@link #start()} a refused token is retried rather than final: a proxy that was
     *     already running learns a new Intercept's token hash from its mounted ConfigMap a moment after the operator
     *     admitted the Intercept, which is when {@code ktun intercept} starts its tunnel
     */
    TunnelClient(EventLoopGroup group, HostPort endpoint, String token, List<PortClaim> claims, TunnelSettings settings,
                 TunnelEvents events, Duration authGrace) {
        this.authGraceNanos = authGrace.toNanos();
        this.group = group;
        this.endpoint = endpoint;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.settings = settings;
        this.events = events;
        this.delivery = new LocalDelivery(claims, events, this::onGone);
    }

    void start() {
        startedNanos = System.nanoTime();
        dial();
    }

    /** The tunnel that is up now, or null while (re)connecting. */
    TunnelSession current() {
        TunnelSession session = current;
        return session != null && session.isOpen() ? session : null;
    }

    /** The proxy's first answer to the claims: which ports now deliver here. */
    CompletableFuture<Map<Integer, Claim.Status>> claimAnswered() {
        return delivery.firstAnswer();
    }

    /** Completes when stopped; fails when the proxy refused the tunnel for good. */
    CompletableFuture<Void> termination() {
        return termination;
    }

    /**
     * Leaves in order: the proxy hears it and sends new callers to the origin at once, while the callers already on the
     * tunnel get their answers, for up to {@link #LEAVE_LIMIT}.
     */
    void stop() {
        stopping = true;
        TunnelSession session = current;
        if (session != null && session.isOpen()) {
            session.leave("the client is leaving", LEAVE_LIMIT);
            session.channel().closeFuture().awaitUninterruptibly(LEAVE_LIMIT.plusSeconds(1).toMillis());
        }
        termination.complete(null);
    }

    private void dial() {
        if (stopping) {
            return;
        }
        TunnelChannels.dial(group, endpoint.toAddress(), token, settings, delivery, CONNECT_TIMEOUT).addListener(f -> {
            if (f.isSuccess()) {
                TunnelSession session = (TunnelSession) f.getNow();
                current = session;
                attempt = 0;
                events.connected(session);
                if (!delivery.proxyPorts().isEmpty()) {
                    session.claim(delivery.proxyPorts());
                }
            } else if (f.cause() instanceof TunnelRefusedException refused && isFinal(refused.reason())
                    && System.nanoTime() - startedNanos > authGraceNanos) {
                termination.completeExceptionally(refused);
            } else {
                retry(f.cause());
            }
        });
    }

    private static boolean isFinal(Reason reason) {
        return reason.code() == ErrorCode.AUTH_FAILED || reason.code() == ErrorCode.UNSUPPORTED_VERSION;
    }

    /** The current tunnel closed, or its proxy is leaving: another one is dialled (once per tunnel). */
    private void onGone(TunnelSession session, Reason reason) {
        if (session != current || stopping) {
            return;
        }
        current = null;
        events.lost(reason);
        retry(null);
    }

    private void retry(Throwable cause) {
        if (stopping) {
            return;
        }
        attempt++;
        long base = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempt - 1, 10));
        long delay = (long) (base * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        events.reconnecting(attempt, delay, cause);
        group.schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    }
}
