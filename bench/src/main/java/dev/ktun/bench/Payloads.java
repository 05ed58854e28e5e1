package dev.ktun.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The bytes the bench moves. Shared, unreleasable and handed out as duplicates: generating load must cost the
 * load generator as little as possible, so that what we time is the path, not the bench.
 */
final class Payloads {
    /** A small request or response: the size of a typical RPC header plus a short body. */
    static final int MESSAGE = 64;
    /** A bulk write: large enough that per-write costs vanish, small enough to stay in the CPU caches. */
    static final int CHUNK = 256 * 1024;

    private static final ByteBuf MESSAGE_BUF = constant(MESSAGE);
    private static final ByteBuf CHUNK_BUF = constant(CHUNK);

    private Payloads() {
    }

    static ByteBuf message() {
        return MESSAGE_BUF.duplicate();
    }

    static ByteBuf chunk() {
        return CHUNK_BUF.duplicate();
    }

    private static ByteBuf constant(int size) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(size, size).writeZero(size).asReadOnly());
    }
}
