package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;

/**
 * Credit one side grants the other at the start: per new stream, and for the whole tunnel. The tunnel credit bounds
 * what one tunnel can make its peer buffer, however many streams it opens.
 */
public record Windows(int stream, int tunnel) {
    /** ~256 KiB per stream: enough for a loopback-fast stream from the first byte, small enough to park thousands. */
    public static final int DEFAULT_STREAM = 256 * 1024;
    public static final int DEFAULT_TUNNEL = 32 * 1024 * 1024;
    /** Smallest grant accepted from a peer: below it a stream could not carry one full frame. */
    static final int MIN = 16 * 1024;

    public static Windows defaults() {
        return new Windows(DEFAULT_STREAM, DEFAULT_TUNNEL);
    }

    public Windows {
        if (stream < MIN || tunnel < stream) {
            throw new IllegalArgumentException("windows must satisfy " + MIN + " <= stream <= tunnel, got " + stream + "/" + tunnel);
        }
    }

    void write(ByteBuf buf) {
        buf.writeInt(stream).writeInt(tunnel);
    }

    static Windows read(PayloadReader in) {
        long stream = in.u32();
        long tunnel = in.u32();
        if (stream < MIN || tunnel < stream || tunnel > Integer.MAX_VALUE) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR,
                    "window settings out of range: stream " + stream + ", tunnel " + tunnel);
        }
        return new Windows((int) stream, (int) tunnel);
    }
}
