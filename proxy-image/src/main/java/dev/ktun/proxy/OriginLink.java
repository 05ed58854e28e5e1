package dev.ktun.proxy;

import io.netty.channel.Channel;

/**
 * A caller relayed to the origin, and who spoke last: a caller that spoke after the origin's last bytes waits for an
 * answer, however long the origin takes, and its connection must not be closed under it. Nor may one whose bytes are
 * still on their way: an origin's long answer to a caller that reads slowly stops moving while it waits for the
 * caller, and is not over.
 */
final class OriginLink {
    private final Channel caller;
    private volatile long callerSpokeNanos;
    private volatile long originSpokeNanos;
    private volatile boolean callerBytesOnTheirWay;
    private volatile boolean originBytesOnTheirWay;

    OriginLink(Channel caller) {
        this.caller = caller;
        this.callerSpokeNanos = System.nanoTime();
        this.originSpokeNanos = callerSpokeNanos;
    }

    void callerSpoke() {
        callerSpokeNanos = System.nanoTime();
        callerBytesOnTheirWay = true;
    }

    /** What the caller said last is in the origin's socket. */
    void callerHeard() {
        callerBytesOnTheirWay = false;
    }

    void originSpoke() {
        originSpokeNanos = System.nanoTime();
        originBytesOnTheirWay = true;
    }

    /** What the origin said last is in the caller's socket. */
    void originHeard() {
        originBytesOnTheirWay = false;
    }

    /**
     * Between exchanges for at least {@code nanos}: the origin had the last word, it reached the caller's socket, and
     * nothing moved since.
     */
    boolean idleFor(long nanos) {
        long origin = originSpokeNanos;
        return !callerBytesOnTheirWay && !originBytesOnTheirWay
                && origin - callerSpokeNanos >= 0 && System.nanoTime() - origin >= nanos;
    }

    /** Ends the link in order: the caller sees a clean close, as after any server's keep-alive timeout. */
    void close() {
        SocketPipe.closeOnFlush(caller);
    }

    Channel caller() {
        return caller;
    }
}
