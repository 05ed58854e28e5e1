package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Reads the fields of a payload; any field that runs past the payload's end is a protocol error, not an exception that escapes. */
final class PayloadReader {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final String what;
    private final ByteBuf buf;

    PayloadReader(String what, ByteBuf buf) {
        this.what = what;
        this.buf = buf;
    }

    int u8() {
        need(1);
        return buf.readUnsignedByte();
    }

    int u16() {
        need(2);
        return buf.readUnsignedShort();
    }

    long u32() {
        need(4);
        return buf.readUnsignedInt();
    }

    byte[] bytes(int length) {
        need(length);
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Text from the peer, with control characters replaced: it ends up in logs, where a newline could forge lines. */
    String utf8(int length) {
        need(length);
        String text = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return CONTROL.matcher(text).replaceAll("?");
    }

    String rest() {
        return utf8(buf.readableBytes());
    }

    void end() {
        if (buf.isReadable()) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR,
                    what + " has " + buf.readableBytes() + " unexpected trailing bytes");
        }
    }

    private void need(int length) {
        if (buf.readableBytes() < length) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, what + " is truncated");
        }
    }
}
