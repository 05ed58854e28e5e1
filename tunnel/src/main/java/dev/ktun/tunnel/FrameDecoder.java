package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Bytes to {@link Frame}s without copying payload bytes. DATA is passed on piece by piece, as retained slices of
 * the buffers the socket read: a DATA frame that straddles reads arrives as several DATA frames of the same stream,
 * {@link Frame#FLAG_FIN} on the last one only. (A cumulating decoder would copy nearly every byte, because frames
 * rarely end where a read ends.) Control frames are small and are gathered whole when they straddle reads.
 *
 * <p>The header is checked before any payload is awaited, so an oversized or malformed frame fails at once. After
 * the first failure every further byte is dropped and the session closes the tunnel.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    /** Largest payload a peer may send; larger frames are a protocol error. */
    public static final int MAX_PAYLOAD = 1 << 20;
    /** Before the token is checked, frames stay small: an anonymous peer cannot make us buffer much. */
    public static final int MAX_HANDSHAKE_PAYLOAD = 4096;

    private final ByteBuf header = Unpooled.buffer(Frame.HEADER_LENGTH, Frame.HEADER_LENGTH);
    private int maxPayload;
    private boolean failed;

    private boolean inPayload;
    private FrameType type;
    private int flags;
    private int streamId;
    private int remaining;
    private ByteBuf gathering;

    public FrameDecoder(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    /** Raises the limit once the peer is authenticated. Call on the channel's event loop. */
    public void maxPayload(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (!failed && in.isReadable() && ctx.channel().isOpen()) {
                if (!inPayload && !readHeader(in)) {
                    return;
                }
                readPayload(ctx, in);
            }
        } catch (ProtocolException e) {
            failed = true;
            releaseGathering();
            ctx.fireExceptionCaught(e);
        } finally {
            in.release();
        }
    }

    /** Reads a header, from one buffer when it is whole there; returns false while it is still incomplete. */
    private boolean readHeader(ByteBuf in) {
        ByteBuf source = in;
        if (header.isReadable() || in.readableBytes() < Frame.HEADER_LENGTH) {
            in.readBytes(header, Math.min(header.writableBytes(), in.readableBytes()));
            if (header.isWritable()) {
                return false;
            }
            source = header;
        }
        int length = source.readUnsignedMedium();
        int typeCode = source.readUnsignedByte();
        flags = source.readUnsignedByte();
        streamId = source.readInt();
        header.clear();
        type = checkHeader(typeCode, length, streamId);
        remaining = length;
        inPayload = true;
        return true;
    }

    private void readPayload(ChannelHandlerContext ctx, ByteBuf in) {
        if (type == FrameType.DATA) {
            int n = Math.min(remaining, in.readableBytes());
            remaining -= n;
            int pieceFlags = remaining == 0 ? flags : flags & ~Frame.FLAG_FIN;
            if (n > 0 || remaining == 0) {
                emit(ctx, n == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(n), pieceFlags);
            }
            return;
        }
        if (gathering == null && in.readableBytes() >= remaining) {
            int n = remaining;
            remaining = 0;
            emit(ctx, n == 0 ? Unpooled.EMPTY_BUFFER : in.readRetainedSlice(n), flags);
            return;
        }
        if (gathering == null) {
            gathering = ctx.alloc().buffer(remaining);
        }
        int n = Math.min(remaining, in.readableBytes());
        gathering.writeBytes(in, n);
        remaining -= n;
        if (remaining == 0) {
            ByteBuf payload = gathering;
            gathering = null;
            emit(ctx, payload, flags);
        }
    }

    private void emit(ChannelHandlerContext ctx, ByteBuf payload, int pieceFlags) {
        if (remaining == 0) {
            inPayload = false;
        }
        ctx.fireChannelRead(new Frame(type, pieceFlags, streamId, payload));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseGathering();
        header.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseGathering();
        ctx.fireChannelInactive();
    }

    private void releaseGathering() {
        if (gathering != null) {
            gathering.release();
            gathering = null;
        }
    }

    private FrameType checkHeader(int typeCode, int length, int streamId) {
        FrameType type = FrameType.ofCode(typeCode);
        if (type == null) {
            throw malformed("unknown frame type 0x" + Integer.toHexString(typeCode));
        }
        if (length > maxPayload) {
            throw malformed(type + " frame of " + length + " bytes exceeds the limit of " + maxPayload);
        }
        if (streamId < 0) {
            throw malformed(type + " frame with the reserved bit of the stream id set");
        }
        boolean onStream = streamId != 0;
        switch (type) {
            case OPEN, DATA, RESET -> {
                if (!onStream) {
                    throw malformed(type + " frame on stream 0");
                }
            }
            case HELLO, WELCOME, PING, GOAWAY, CLAIM -> {
                if (onStream) {
                    throw malformed(type + " frame on stream " + streamId + " (only stream 0 carries it)");
                }
            }
            case WINDOW -> {
                // both the tunnel (0) and a stream take credit
            }
        }
        int fixed = switch (type) {
            case WINDOW -> 4;
            case PING -> 8;
            default -> -1;
        };
        if (fixed >= 0 && length != fixed) {
            throw malformed(type + " frame of " + length + " bytes (it has exactly " + fixed + ")");
        }
        if ((type == FrameType.RESET || type == FrameType.GOAWAY) && length < 4) {
            throw malformed(type + " frame of " + length + " bytes (it has at least 4)");
        }
        return type;
    }

    private static ProtocolException malformed(String reason) {
        return new ProtocolException(ErrorCode.PROTOCOL_ERROR, reason);
    }
}
