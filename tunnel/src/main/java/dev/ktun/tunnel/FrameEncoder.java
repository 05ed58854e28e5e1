package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * {@link Frame}s to bytes. Large payloads go out as they are, behind a separate header buffer (the socket writes
 * both in one gathering write); small ones are copied behind the header, where one buffer is cheaper than two.
 */
@Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private static final int COPY_BELOW = 1024;

    private FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf payload = frame.content();
        int length = payload.readableBytes();
        if (length < COPY_BELOW) {
            ByteBuf buf = ctx.alloc().ioBuffer(Frame.HEADER_LENGTH + length);
            writeHeader(buf, frame, length);
            buf.writeBytes(payload, payload.readerIndex(), length);
            out.add(buf);
        } else {
            ByteBuf header = ctx.alloc().ioBuffer(Frame.HEADER_LENGTH);
            writeHeader(header, frame, length);
            out.add(header);
            out.add(payload.retain());
        }
    }

    private static void writeHeader(ByteBuf buf, Frame frame, int length) {
        buf.writeMedium(length);
        buf.writeByte(frame.type().code());
        buf.writeByte(frame.flags());
        buf.writeInt(frame.streamId());
    }
}
