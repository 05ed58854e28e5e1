package dev.ktun.proxy;

import io.netty.channel.Channel;

/** A caller relayed to the origin, and when bytes last moved either way. */
final class OriginLink {
    private final Channel caller;
    private volatile long lastActivityNanos = System.nanoTime();

    OriginLink(Channel caller) {
        this.caller = caller;
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    boolean idleFor(long nanos) {
        return System.nanoTime() - lastActivityNanos >= nanos;
    }

    /** Ends the link in order: the caller sees a clean close, as after any server's keep-alive timeout. */
    void close() {
        SocketPipe.closeOnFlush(caller);
    }

    Channel caller() {
        return caller;
    }
}
