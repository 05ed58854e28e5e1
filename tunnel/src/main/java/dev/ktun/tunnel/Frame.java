package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/** One frame: type, flags, stream id and a payload whose reference the frame owns. */
public final class Frame extends DefaultByteBufHolder {
    /** On DATA: the sender's direction of the stream ends after this frame. */
    public static final int FLAG_FIN = 0x1;
    /** On PING, CLAIM and a leaving GOAWAY: this frame answers one from the peer. */
    public static final int FLAG_ACK = 0x1;
    /** On GOAWAY: the sender leaves in order; open no more streams toward it, the open ones finish (docs/protocol.md). */
    public static final int FLAG_LEAVE = 0x2;

    /** Header: 3 bytes payload length, 1 byte type, 1 byte flags, 4 bytes stream id. */
    public static final int HEADER_LENGTH = 9;

    private final FrameType type;
    private final int flags;
    private final int streamId;

    public Frame(FrameType type, int flags, int streamId, ByteBuf payload) {
        super(payload);
        this.type = type;
        this.flags = flags;
        this.streamId = streamId;
    }

    public static Frame empty(FrameType type, int flags, int streamId) {
        return new Frame(type, flags, streamId, Unpooled.EMPTY_BUFFER);
    }

    public FrameType type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    public int streamId() {
        return streamId;
    }

    public ByteBuf payload() {
        return content();
    }

    @Override
    public Frame replace(ByteBuf content) {
        return new Frame(type, flags, streamId, content);
    }

    @Override
    public Frame retain() {
        super.retain();
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return type + "(stream=" + streamId + ", flags=" + flags + ", length=" + content().readableBytes() + ")";
    }
}
