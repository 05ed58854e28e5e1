package dev.ktun.proxy;

import io.netty.channel.Channel;

/**
 * A caller relayed to the origin, and who spoke last: a caller that spoke after the origin's last bytes waits for an
 * answer, however long the origin takes, and its connection must not be closed under it.
 */
final class OriginLink {
    private final Channel caller;
    private volatile long callerSpokeNanos;
    private volatile long originSpokeNanos;

    OriginLink(Channel caller) {
        this.caller = caller;
        this.callerSpokeNanos = System.nanoTime();
        this.originSpokeNanos = callerSpokeNanos;
    }

    void callerSpoke() {
        callerSpokeNanos = System.nanoTime();
    }

    void originSpoke() {
        originSpokeNanos = System.nanoTime();
    }

    /** Between exchanges for at least {@code nanos}: the origin had the last word, and nothing moved since. */
    boolean idleFor(long nanos) {
        long origin = originSpokeNanos;
        return origin - callerSpokeNanos >= 0 && System.nanoTime() - origin >= nanos;
    }

    /** Ends the link in order: the caller sees a clean close, as after any server's keep-alive timeout. */
    void close() {
        SocketPipe.closeOnFlush(caller);
    }

    Channel caller() {
        return caller;
    }
}
