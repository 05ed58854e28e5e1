package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Why a stream was reset or a tunnel went away: a code for programs and a sentence for people. */
public record Reason(ErrorCode code, String message) {

    Frame toFrame(ByteBufAllocator alloc, FrameType type, int streamId) {
        return toFrame(alloc, type, 0, streamId);
    }

    Frame toFrame(ByteBufAllocator alloc, FrameType type, int flags, int streamId) {
        byte[] text = Wire.clip(message);
        ByteBuf buf = alloc.buffer(4 + text.length);
        buf.writeInt(code.code()).writeBytes(text);
        return new Frame(type, flags, streamId, buf);
    }

    static Reason from(Frame frame) {
        PayloadReader in = new PayloadReader(frame.type().name(), frame.payload().duplicate());
        return new Reason(ErrorCode.ofCode(in.u32()), in.rest());
    }

    @Override
    public String toString() {
        if (message.isEmpty()) {
            return code.name();
        }
        return code == ErrorCode.NORMAL ? message : message + " (" + code + ")";
    }
}
