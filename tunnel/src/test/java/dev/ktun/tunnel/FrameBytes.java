package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Frames as the bytes a peer puts on the wire, made by the real {@link FrameEncoder} and payload codecs, for tests
 * that speak the protocol from an {@link EmbeddedChannel} or a raw socket; and bytes back to a comparable picture.
 */
final class FrameBytes {
    static final byte[] TOKEN = "tok".getBytes(StandardCharsets.UTF_8);
    static final Windows SMALL_WINDOWS = new Windows(Windows.MIN, 4 * Windows.MIN);

    private FrameBytes() {
    }

    /** The encoder's output for these frames, concatenated; the frames are released. */
    static byte[] encode(Frame... frames) {
        EmbeddedChannel ch = new EmbeddedChannel(FrameEncoder.INSTANCE);
        try {
            ch.writeOutbound((Object[]) frames);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf buf; (buf = ch.readOutbound()) != null; ) {
                try {
                    out.writeBytes(ByteBufUtil.getBytes(buf));
                } finally {
                    buf.release();
                }
            }
            return out.toByteArray();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A header exactly as the wire has it, for frames the encoder would never make. */
    static byte[] header(int length, int typeCode, int flags, int streamId) {
        return new byte[] {
            (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) typeCode, (byte) flags,
            (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8), (byte) streamId};
    }

    static Frame hello(byte[] token, Windows windows) {
        return new Hello(TunnelSettings.PROTOCOL_VERSION, TunnelSettings.PROTOCOL_VERSION, token, windows, "raw-peer@test")
                .toFrame(ByteBufAllocator.DEFAULT);
    }

    static Frame hello() {
        return hello(TOKEN, SMALL_WINDOWS);
    }

    static Frame welcome() {
        return new Welcome(TunnelSettings.PROTOCOL_VERSION, Windows.defaults(), "test-proxy").toFrame(ByteBufAllocator.DEFAULT);
    }

    static Frame open(int streamId, StreamTarget target) {
        return target.toFrame(ByteBufAllocator.DEFAULT, streamId);
    }

    static Frame data(int streamId, boolean fin, byte[] bytes) {
        return new Frame(FrameType.DATA, fin ? Frame.FLAG_FIN : 0, streamId, Unpooled.wrappedBuffer(bytes));
    }

    static Frame data(int streamId, boolean fin, String text) {
        return data(streamId, fin, text.getBytes(StandardCharsets.UTF_8));
    }

    static Frame window(int streamId, int credit) {
        return new Frame(FrameType.WINDOW, 0, streamId, Unpooled.buffer(4).writeInt(credit));
    }

    static Frame reset(int streamId, ErrorCode code, String message) {
        return new Reason(code, message).toFrame(ByteBufAllocator.DEFAULT, FrameType.RESET, streamId);
    }

    static Frame goAway(ErrorCode code, String message) {
        return new Reason(code, message).toFrame(ByteBufAllocator.DEFAULT, FrameType.GOAWAY, 0);
    }

    static Frame goAway(int flags, ErrorCode code, String message) {
        return new Reason(code, message).toFrame(ByteBufAllocator.DEFAULT, FrameType.GOAWAY, flags, 0);
    }

    static Frame ping(int flags, long payload) {
        return new Frame(FrameType.PING, flags, 0, Unpooled.buffer(8).writeLong(payload));
    }

    static Frame claim(List<Integer> ports) {
        return Claim.request(ByteBufAllocator.DEFAULT, ports);
    }

    static Frame claimAnswer(Map<Integer, Claim.Status> answer) {
        return Claim.answer(ByteBufAllocator.DEFAULT, answer);
    }

    /**
     * Decodes bytes fed whole into a fresh decoder; the result is the comparable picture of {@link #picture}. Fails
     * the caller with the decoder's {@link ProtocolException} if the bytes are malformed.
     */
    static List<String> decodeWhole(byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
            return picture(drain(ch));
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** Every frame the channel passed on so far; the caller releases them. */
    static List<Frame> drain(EmbeddedChannel ch) {
        List<Frame> frames = new ArrayList<>();
        for (Frame frame; (frame = ch.readInbound()) != null; ) {
            frames.add(frame);
        }
        return frames;
    }

    /**
     * What "the same frames" means when DATA may come in pieces: control frames one entry each, in order, with their
     * payload; consecutive DATA of one stream merged into one entry of its concatenated bytes, which a FIN ends.
     * The frames are released.
     */
    static List<String> picture(List<Frame> frames) {
        List<String> picture = new ArrayList<>();
        int openStream = -1;
        StringBuilder openData = null;
        for (Frame frame : frames) {
            try {
                // One bulk read: a per-byte walk would record a leak trace per byte at paranoid level.
                String hex = HexFormat.of().formatHex(ByteBufUtil.getBytes(frame.payload()));
                if (frame.type() == FrameType.DATA && openData != null && frame.streamId() == openStream) {
                    openData.append(hex);
                } else {
                    if (openData != null) {
                        picture.add(openData.toString());
                        openData = null;
                    }
                    if (frame.type() == FrameType.DATA) {
                        openStream = frame.streamId();
                        openData = new StringBuilder("DATA stream=" + frame.streamId() + " bytes=").append(hex);
                    } else {
                        picture.add(frame.type() + " stream=" + frame.streamId() + " flags=" + frame.flags() + " payload=" + hex);
                    }
                }
                if (frame.type() == FrameType.DATA && frame.hasFlag(Frame.FLAG_FIN)) {
                    picture.add(openData.append(" FIN").toString());
                    openData = null;
                }
            } finally {
                frame.release();
            }
        }
        if (openData != null) {
            picture.add(openData.toString());
        }
        return picture;
    }
}
