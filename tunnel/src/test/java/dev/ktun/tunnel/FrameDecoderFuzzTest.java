package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Whatever bytes a peer sends, in whatever reads they arrive: the only failure is a {@link ProtocolException} handled
 * inside the pipeline, every buffer is released, and what this side answers is well-formed.
 *
 * <p>{@code ./mvnw verify} replays the inputs checked in under {@code FrameDecoderFuzzTestInputs/arbitraryPeerBytes/}
 * (Jazzer's regression mode: jazzer-junit 0.30.0 runs fine on JUnit 6); {@code JAZZER_FUZZ=1} fuzzes, and a crash
 * it finds is written there as a new regression input. Jazzer turns JUnit's default timeout into libFuzzer's per-input
 * {@code -timeout}, and JUnit applies it to each replay: an input the receiver never gets through is a finding.
 *
 * <p>An input is one control byte and then the peer's bytes. The control byte's top two bits pick the receiver:
 * 0 the decoder alone, 1 the accepting side before the handshake (token "tok"), 2 the accepting side's session,
 * 3 the dialling side's session; its low six bits seed the sizes of the reads (0: one read).
 */
class FrameDecoderFuzzTest {
    static final int DECODER = 0;
    static final int HANDSHAKE = 1;
    static final int PROXY_SESSION = 2;
    static final int CLIENT_SESSION = 3;

    private static final Windows WINDOWS = new Windows(Windows.MIN, 4 * Windows.MIN);
    private static final TokenCheck TOKENS = TokenCheck.ofHexHashes(Set.of(TokenCheck.sha256Hex("tok")));

    // Under JUnit's default timeout (120 s, junit-platform.properties), which also bounds the whole fuzzing run:
    // for longer runs raise both.
    @FuzzTest(maxDuration = "100s")
    void arbitraryPeerBytes(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = (input[0] & 0xff) >>> 6;
        List<byte[]> reads = cut(Arrays.copyOfRange(input, 1, input.length), input[0] & 0x3f);
        if (mode == DECODER) {
            decoderAlone(reads);
        } else {
            wholeReceiver(mode, reads);
        }
    }

    /** The decoder alone: the same frames however the reads are cut, payloads that parse or fail as protocol errors. */
    private static void decoderAlone(List<byte[]> reads) {
        Decoded split = decode(reads);
        Decoded whole = decode(List.of(reads.stream().reduce(new byte[0], FrameBytes::concat)));
        assertThat(split.failure).as("failure, split vs whole").isEqualTo(whole.failure);
        assertThat(split.picture).as("frames, split vs whole").isEqualTo(whole.picture);
    }

    private record Decoded(List<String> picture, String failure) {
    }

    private static Decoded decode(List<byte[]> reads) {
        UnpooledByteBufAllocator counting = new UnpooledByteBufAllocator(false, true);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(counting);
        ch.pipeline().addLast(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));
        List<Frame> frames = new ArrayList<>();
        String failure = null;
        Decoded decoded;
        try {
            for (byte[] read : reads) {
                boolean failedBefore = failure != null;
                try {
                    ch.writeInbound(counting.heapBuffer(read.length).writeBytes(read));
                } catch (ProtocolException e) {
                    assertThat(failedBefore).as("a second failure: " + e.getMessage()).isFalse();
                    failure = e.code() + ": " + e.getMessage();
                }
                List<Frame> more = FrameBytes.drain(ch);
                frames.addAll(more);
                // Frames of the read that failed may precede the failure; none may come from a later read.
                assertThat(failedBefore && !more.isEmpty()).as("frames after the failure: " + more).isFalse();
            }
            for (Frame frame : frames) {
                assertThat(frame.streamId()).isNotNegative();
                assertThat(frame.payload().readableBytes()).isLessThanOrEqualTo(FrameDecoder.MAX_PAYLOAD);
                parsePayload(frame);
            }
            decoded = new Decoded(FrameBytes.picture(frames), failure);
        } finally {
            frames.forEach(f -> {
                if (f.refCnt() > 0) {
                    f.release();
                }
            });
            ch.finishAndReleaseAll();
        }
        assertThat(counting.metric().usedHeapMemory()).as("bytes never released").isZero();
        return decoded;
    }

    /** Every payload codec either reads its frame or says why not; nothing else may be thrown. */
    private static void parsePayload(Frame frame) {
        try {
            switch (frame.type()) {
                case HELLO -> Hello.from(frame);
                case WELCOME -> Welcome.from(frame);
                case OPEN -> StreamTarget.from(frame);
                case RESET, GOAWAY -> Reason.from(frame);
                case CLAIM -> {
                    if (frame.hasFlag(Frame.FLAG_ACK)) {
                        Claim.readAnswer(frame);
                    } else {
                        Claim.readRequest(frame);
                    }
                }
                case DATA, WINDOW, PING -> {
                    // no payload codec: raw bytes, or sizes the decoder already checked
                }
            }
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** A whole receiving pipeline: nothing reaches its end, it answers only well-formed frames, and frees everything. */
    private static void wholeReceiver(int mode, List<byte[]> reads) {
        UnpooledByteBufAllocator counting = new UnpooledByteBufAllocator(false, true);
        List<EmbeddedChannel> locals = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(counting);
        SessionListener listener = new StreamDecider(locals);
        List<ByteBuf> answer = new ArrayList<>();
        try {
            if (mode == HANDSHAKE) {
                TunnelSettings settings = TunnelSettings.defaults("fuzz-proxy").withWindows(WINDOWS);
                ch.pipeline()
                        .addLast(TunnelPipeline.FRAME_DECODER, new FrameDecoder(FrameDecoder.MAX_HANDSHAKE_PAYLOAD))
                        .addLast(TunnelPipeline.FRAME_ENCODER, FrameEncoder.INSTANCE)
                        .addLast(TunnelPipeline.HANDSHAKE, new ServerHandshake(settings, TOKENS, listener));
            } else {
                KeepAlive keepAlive = new KeepAlive(Duration.ofSeconds(2), Duration.ofSeconds(6));
                ChannelHandler session = new TunnelSession(ch, mode == CLIENT_SESSION, WINDOWS, WINDOWS, "fuzz-peer",
                        listener, keepAlive);
                ch.pipeline()
                        .addLast(TunnelPipeline.FRAME_DECODER, new FrameDecoder(FrameDecoder.MAX_PAYLOAD))
                        .addLast(TunnelPipeline.FRAME_ENCODER, FrameEncoder.INSTANCE)
                        .addLast(TunnelPipeline.KEEPALIVE, keepAlive)
                        .addLast(TunnelPipeline.SESSION, session);
            }
            for (byte[] read : reads) {
                if (!ch.isOpen()) {
                    break; // a closed socket reads nothing more
                }
                // EmbeddedChannel rethrows whatever reached the end of the pipeline: nothing may.
                ch.writeInbound(counting.heapBuffer(read.length).writeBytes(read));
                assertThat((Object) ch.readInbound()).as("a message that got past the pipeline").isNull();
                drainTo(ch, answer);
            }
            // Let the handshake timeout and the keepalive fire, as time would.
            ch.advanceTimeBy(10, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            ch.checkException();
            drainTo(ch, answer);
            checkAnswer(answer, !ch.isOpen(), reads);
        } finally {
            answer.forEach(ByteBuf::release);
            ch.finishAndReleaseAll();
            locals.forEach(EmbeddedChannel::finishAndReleaseAll);
        }
        assertThat(counting.metric().usedHeapMemory()).as("bytes never released").isZero();
    }

    private static void drainTo(EmbeddedChannel ch, List<ByteBuf> answer) {
        for (ByteBuf buf; (buf = ch.readOutbound()) != null; ) {
            answer.add(buf);
        }
    }

    /**
     * What this side sent decodes cleanly and never blames itself (INTERNAL); and if it closed the tunnel, it said why
     * in a GOAWAY, unless the peer had sent one (handlers that swallow an unexpected exception close without a word).
     */
    private static void checkAnswer(List<ByteBuf> answer, boolean closed, List<byte[]> reads) {
        boolean saidGoAway = false;
        EmbeddedChannel peer = new EmbeddedChannel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));
        try {
            for (ByteBuf buf : answer) {
                peer.writeInbound(buf.retainedDuplicate());
            }
            List<Frame> frames = FrameBytes.drain(peer);
            try {
                for (Frame frame : frames) {
                    saidGoAway |= frame.type() == FrameType.GOAWAY;
                    if (frame.type() == FrameType.GOAWAY || frame.type() == FrameType.RESET) {
                        Reason reason = Reason.from(frame);
                        assertThat(reason.code()).as("%s %s", frame.type(), reason).isNotEqualTo(ErrorCode.INTERNAL);
                    }
                }
            } finally {
                frames.forEach(Frame::release);
            }
        } finally {
            peer.finishAndReleaseAll();
        }
        if (closed && !saidGoAway) {
            assertThat(decode(reads).picture()).as("closed without a GOAWAY, and the peer sent none")
                    .anyMatch(frame -> frame.startsWith("GOAWAY"));
        }
    }

    /** Splits the bytes into reads whose sizes the seed decides; 0 keeps them whole. */
    static List<byte[]> cut(byte[] bytes, int seed) {
        if (seed == 0) {
            return List.of(bytes);
        }
        Random random = new Random(seed);
        // 1..31: reads of up to that many bytes; 32..63: up to 32, 64, ... bytes, at most 1 MiB.
        int largest = seed < 32 ? seed : Math.min(1 << 20, 32 << Math.min(seed - 32, 15));
        List<byte[]> reads = new ArrayList<>();
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + random.nextInt(largest));
            reads.add(Arrays.copyOfRange(bytes, at, at + n));
            at += n;
        }
        return reads;
    }

    /** Streams the peer opens: by id, reset at once, attached to a local socket, or left waiting for their dial. */
    private static final class StreamDecider implements SessionListener {
        private final List<EmbeddedChannel> locals;

        StreamDecider(List<EmbeddedChannel> locals) {
            this.locals = locals;
        }

        @Override
        public void streamOpened(TunnelStream stream) {
            switch (stream.id() % 3) {
                case 0 -> stream.reset(ErrorCode.UNREACHABLE, "fuzz: no such target");
                case 1 -> {
                    EmbeddedChannel local = new EmbeddedChannel();
                    locals.add(local);
                    stream.attach(local);
                }
                default -> {
                    // left waiting: its bytes are held until the tunnel ends
                }
            }
        }
    }
}
