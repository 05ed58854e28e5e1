package dev.ktun.tunnel;

import static dev.ktun.tunnel.FrameBytes.concat;
import static dev.ktun.tunnel.FrameBytes.encode;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FrameEncoder to FrameDecoder: every frame type survives the trip, however the bytes are cut into reads. */
class FrameCodecTest {
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    static Stream<Arguments> everyFrameType() {
        Map<Integer, Claim.Status> answer = new LinkedHashMap<>();
        answer.put(8080, Claim.Status.GRANTED);
        answer.put(9090, Claim.Status.NO_SUCH_ROUTE);
        return Stream.of(
                Arguments.of(FrameType.HELLO, (Supplier<Frame>) FrameBytes::hello),
                Arguments.of(FrameType.WELCOME, (Supplier<Frame>) FrameBytes::welcome),
                Arguments.of(FrameType.OPEN, (Supplier<Frame>) () -> FrameBytes.open(3, StreamTarget.dial("orders.shop", 8080))),
                Arguments.of(FrameType.DATA, (Supplier<Frame>) () -> FrameBytes.data(5, true, "hello")),
                Arguments.of(FrameType.WINDOW, (Supplier<Frame>) () -> FrameBytes.window(7, 65536)),
                Arguments.of(FrameType.RESET, (Supplier<Frame>) () -> FrameBytes.reset(9, ErrorCode.UNREACHABLE, "no route")),
                Arguments.of(FrameType.PING, (Supplier<Frame>) () -> FrameBytes.ping(Frame.FLAG_ACK, 0x0102030405060708L)),
                Arguments.of(FrameType.GOAWAY, (Supplier<Frame>) () -> FrameBytes.goAway(ErrorCode.NORMAL, "bye")),
                Arguments.of(FrameType.GOAWAY, (Supplier<Frame>) () -> FrameBytes.goAway(Frame.FLAG_LEAVE | Frame.FLAG_ACK,
                        ErrorCode.NORMAL, "no more streams from here")),
                Arguments.of(FrameType.CLAIM, (Supplier<Frame>) () -> FrameBytes.claimAnswer(answer)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFrameType")
    void everyFrameTypeRoundTripsWithTypeFlagsStreamAndPayload(FrameType type, Supplier<Frame> make) {
        Frame original = make.get();
        assertThat(original.type()).isEqualTo(type);
        byte[] expectedPayload = ByteBufUtil.getBytes(original.payload());
        int flags = original.flags();
        int streamId = original.streamId();
        EmbeddedChannel ch = channel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD), FrameEncoder.INSTANCE);

        ch.writeOutbound(original);
        for (ByteBuf bytes; (bytes = ch.readOutbound()) != null; ) {
            ch.writeInbound(bytes);
        }

        Frame decoded = ch.readInbound();
        try {
            assertThat(decoded.type()).isEqualTo(type);
            assertThat(decoded.flags()).isEqualTo(flags);
            assertThat(decoded.streamId()).isEqualTo(streamId);
            assertThat(ByteBufUtil.getBytes(decoded.payload())).isEqualTo(expectedPayload);
        } finally {
            decoded.release();
        }
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void largeDataGoesOutAsHeaderPlusTheUncopiedPayloadAndComesBackWhole() {
        byte[] big = pattern(200_000);
        Frame frame = FrameBytes.data(11, true, big);
        ByteBuf payload = frame.payload();
        EmbeddedChannel encoder = channel(FrameEncoder.INSTANCE);

        encoder.writeOutbound(frame);
        ByteBuf header = encoder.readOutbound();
        ByteBuf body = encoder.readOutbound();

        assertThat(header.readableBytes()).isEqualTo(Frame.HEADER_LENGTH);
        assertThat(body).isSameAs(payload);
        EmbeddedChannel decoder = channel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));
        decoder.writeInbound(header, body);
        assertThat(FrameBytes.picture(FrameBytes.drain(decoder)))
                .containsExactly("DATA stream=11 bytes=" + HexFormat.of().formatHex(big) + " FIN");
    }

    @Test
    void aSequenceOfFramesSplitAtEveryByteBoundaryDecodesToTheSameFrames() {
        byte[] wire = sequence();
        List<String> expected = FrameBytes.decodeWhole(wire);
        assertThat(expected).hasSize(18);

        for (int cut = 0; cut <= wire.length; cut++) {
            List<String> decoded = decodeInPieces(wire, cut, wire.length - cut);
            assertThat(decoded).as("split at byte %d of %d", cut, wire.length).isEqualTo(expected);
        }
    }

    @Test
    void aSequenceOfFramesFedOneByteAtATimeDecodesToTheSameFrames() {
        byte[] wire = sequence();
        int[] ones = new int[wire.length];
        Arrays.fill(ones, 1);

        assertThat(decodeInPieces(wire, ones)).isEqualTo(FrameBytes.decodeWhole(wire));
    }

    @Test
    void aSequenceOfFramesCutIntoRandomPiecesDecodesToTheSameFrames() {
        byte[] wire = sequence();
        List<String> expected = FrameBytes.decodeWhole(wire);
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Integer> pieces = new ArrayList<>();
            for (int left = wire.length; left > 0; ) {
                int piece = Math.min(left, 1 + random.nextInt(random.nextBoolean() ? 12 : 600));
                pieces.add(piece);
                left -= piece;
            }
            int[] lengths = pieces.stream().mapToInt(Integer::intValue).toArray();
            assertThat(decodeInPieces(wire, lengths)).as("pieces %s", pieces).isEqualTo(expected);
        }
    }

    @Test
    void theDecodedPictureIsTheFramesThatWereEncoded() {
        // The split tests compare against a whole-buffer decode; this pins that decode to what was sent.
        assertThat(FrameBytes.decodeWhole(concat(
                encode(FrameBytes.data(1, false, "ab")), encode(FrameBytes.data(1, true, "cd")),
                encode(FrameBytes.window(0, 1000)), encode(FrameBytes.data(3, true, new byte[0])))))
                .containsExactly(
                        "DATA stream=1 bytes=61626364 FIN",
                        "WINDOW stream=0 flags=0 payload=000003e8",
                        "DATA stream=3 bytes= FIN");
    }

    @Test
    void dataStraddlingReadsArrivesInPiecesWithFinOnlyOnTheLast() {
        byte[] wire = encode(FrameBytes.data(5, true, "0123456789"));
        EmbeddedChannel ch = channel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));

        ch.writeInbound(buffer(wire, 0, 12), buffer(wire, 12, 4), buffer(wire, 16, wire.length - 16));

        List<Frame> pieces = FrameBytes.drain(ch);
        try {
            assertThat(pieces).extracting(f -> f.payload().readableBytes()).containsExactly(3, 4, 3);
            assertThat(pieces).extracting(Frame::streamId).containsOnly(5);
            assertThat(pieces).extracting(f -> f.hasFlag(Frame.FLAG_FIN)).containsExactly(false, false, true);
        } finally {
            pieces.forEach(Frame::release);
        }
    }

    @Test
    void dataPayloadIsASliceOfTheReadBufferNotACopy() {
        byte[] wire = encode(FrameBytes.data(5, false, "payload"));
        ByteBuf read = UnpooledByteBufAllocator.DEFAULT.heapBuffer().writeBytes(wire);
        EmbeddedChannel ch = channel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));

        ch.writeInbound(read);

        Frame frame = ch.readInbound();
        try {
            assertThat(frame.payload().unwrap()).isSameAs(read);
        } finally {
            frame.release();
        }
        assertThat(read.refCnt()).isZero();
    }

    @Test
    void controlFrameStraddlingReadsArrivesWhole() {
        byte[] wire = encode(FrameBytes.reset(7, ErrorCode.ABORTED, "the local socket closed"));
        EmbeddedChannel ch = channel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));

        ch.writeInbound(buffer(wire, 0, 11), buffer(wire, 11, 5), buffer(wire, 16, wire.length - 16));

        Frame frame = ch.readInbound();
        try {
            assertThat(Reason.from(frame)).isEqualTo(new Reason(ErrorCode.ABORTED, "the local socket closed"));
        } finally {
            frame.release();
        }
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void aHalfGatheredControlFrameIsReleasedWhenTheChannelCloses() {
        UnpooledByteBufAllocator counting = new UnpooledByteBufAllocator(false, true);
        byte[] wire = encode(FrameBytes.hello());
        EmbeddedChannel ch = channel(new FrameDecoder(FrameDecoder.MAX_HANDSHAKE_PAYLOAD));
        ch.config().setAllocator(counting);

        ch.writeInbound(counting.heapBuffer().writeBytes(wire, 0, wire.length - 3));
        assertThat(counting.metric().usedHeapMemory()).as("the gathered part of the HELLO").isPositive();
        ch.close();

        assertThat(counting.metric().usedHeapMemory()).isZero();
    }

    @Test
    void theHandshakeLimitRisesOnceThePeerIsAuthenticated() {
        FrameDecoder decoder = new FrameDecoder(FrameDecoder.MAX_HANDSHAKE_PAYLOAD);
        EmbeddedChannel ch = channel(decoder);
        decoder.maxPayload(FrameDecoder.MAX_PAYLOAD);

        ch.writeInbound(buffer(encode(FrameBytes.data(1, true, new byte[FrameDecoder.MAX_PAYLOAD])), 0, -1));

        assertThat(FrameBytes.picture(FrameBytes.drain(ch))).hasSize(1);
    }

    /** Every frame type, DATA of several streams interleaved, empty and FIN-only DATA, a payload over the copy limit. */
    private static byte[] sequence() {
        Map<Integer, Claim.Status> answer = new LinkedHashMap<>();
        answer.put(8080, Claim.Status.GRANTED);
        return encode(
                FrameBytes.hello(),
                FrameBytes.welcome(),
                FrameBytes.claim(List.of(8080, 9090)),
                FrameBytes.claimAnswer(answer),
                FrameBytes.open(1, StreamTarget.dial("postgres.default.svc.cluster.local", 5432)),
                FrameBytes.data(1, false, "GET / HTTP/1.1\r\n"),
                FrameBytes.open(2, StreamTarget.claimedRoute(8080, "10.1.2.3:41000")),
                FrameBytes.data(2, false, pattern(1100)),
                FrameBytes.data(1, true, "\r\n"),
                FrameBytes.window(0, 1 << 20),
                FrameBytes.window(2, 4096),
                FrameBytes.data(3, false, new byte[0]),
                FrameBytes.ping(0, 12345L),
                FrameBytes.ping(Frame.FLAG_ACK, 12345L),
                FrameBytes.data(2, true, new byte[0]),
                FrameBytes.reset(3, ErrorCode.ABORTED, ""),
                FrameBytes.data(5, true, "x"),
                FrameBytes.goAway(ErrorCode.NORMAL, "leaving"));
    }

    /**
     * Decodes the wire cut into reads of these lengths. Buffers come from a counting allocator with the (slow,
     * paranoid) leak detector off, and every byte of them must be released in the end: a stricter check, per split.
     */
    private static List<String> decodeInPieces(byte[] wire, int... lengths) {
        UnpooledByteBufAllocator counting = new UnpooledByteBufAllocator(false, true);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));
        ch.config().setAllocator(counting);
        List<String> picture;
        try {
            int offset = 0;
            for (int length : lengths) {
                ch.writeInbound(counting.heapBuffer(length).writeBytes(wire, offset, length));
                offset += length;
            }
            assertThat(offset).isEqualTo(wire.length);
            picture = FrameBytes.picture(FrameBytes.drain(ch));
        } finally {
            ch.finishAndReleaseAll();
        }
        assertThat(counting.metric().usedHeapMemory()).as("bytes not released").isZero();
        return picture;
    }

    /** A pooled, leak-tracked copy of part of the wire, as a socket read would deliver it ({@code -1}: to the end). */
    private static ByteBuf buffer(byte[] wire, int offset, int length) {
        int n = length < 0 ? wire.length - offset : length;
        return ByteBufAllocator.DEFAULT.buffer(Math.max(n, 1)).writeBytes(wire, offset, n);
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private EmbeddedChannel channel(ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel(handlers);
        channels.add(ch);
        return ch;
    }
}
