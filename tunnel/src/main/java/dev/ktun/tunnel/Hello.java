package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The dialling side's opening frame. The token travels only here, only inside the tunnel; the accepting side keeps
 * nothing but SHA-256 hashes of the tokens it accepts.
 *
 * @param windows the credit this side grants the other for each new stream and for the whole tunnel
 * @param clientId who is calling, for logs and status ("alice@laptop"); never a secret
 */
public record Hello(int minVersion, int maxVersion, byte[] token, Windows windows, String clientId) {
    static final byte[] MAGIC = "KTUN".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_TOKEN = 1024;

    public Hello {
        if (token.length > MAX_TOKEN) {
            throw new IllegalArgumentException("token longer than " + MAX_TOKEN + " bytes");
        }
    }

    public Frame toFrame(ByteBufAllocator alloc) {
        byte[] id = Wire.clip(clientId);
        ByteBuf buf = alloc.buffer(4 + 2 + 2 + token.length + 8 + 2 + id.length);
        buf.writeBytes(MAGIC).writeByte(minVersion).writeByte(maxVersion);
        buf.writeShort(token.length).writeBytes(token);
        windows.write(buf);
        buf.writeShort(id.length).writeBytes(id);
        return new Frame(FrameType.HELLO, 0, 0, buf);
    }

    public static Hello from(Frame frame) {
        PayloadReader in = new PayloadReader("HELLO", frame.payload().duplicate());
        if (!Arrays.equals(in.bytes(MAGIC.length), MAGIC)) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "HELLO without the KTUN magic: not a ktun client");
        }
        int min = in.u8();
        int max = in.u8();
        byte[] token = in.bytes(in.u16());
        if (token.length > MAX_TOKEN) {
            throw new ProtocolException(ErrorCode.PROTOCOL_ERROR, "HELLO token longer than " + MAX_TOKEN + " bytes");
        }
        Windows windows = Windows.read(in);
        String id = in.utf8(in.u16());
        in.end();
        return new Hello(min, max, token, windows, id);
    }
}
