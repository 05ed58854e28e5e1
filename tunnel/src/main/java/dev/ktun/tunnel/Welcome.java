package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** The accepting side's answer to a HELLO whose token it accepts. */
public record Welcome(int version, Windows windows, String serverId) {

    public Frame toFrame(ByteBufAllocator alloc) {
        byte[] id = Wire.clip(serverId);
        ByteBuf buf = alloc.buffer(1 + 8 + 2 + id.length);
        buf.writeByte(version);
        windows.write(buf);
        buf.writeShort(id.length).writeBytes(id);
        return new Frame(FrameType.WELCOME, 0, 0, buf);
    }

    public static Welcome from(Frame frame) {
        PayloadReader in = new PayloadReader("WELCOME", frame.payload().duplicate());
        int version = in.u8();
        Windows windows = Windows.read(in);
        String id = in.utf8(in.u16());
        in.end();
        return new Welcome(version, windows, id);
    }
}
