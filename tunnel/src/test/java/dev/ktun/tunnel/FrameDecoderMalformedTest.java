package dev.ktun.tunnel;

import static dev.ktun.tunnel.FrameBytes.concat;
import static dev.ktun.tunnel.FrameBytes.encode;
import static dev.ktun.tunnel.FrameBytes.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed or oversized frame is a {@link ProtocolException} with a reason a person can act on, found from the
 * header alone; after it the decoder drops everything.
 */
class FrameDecoderMalformedTest {
    private final EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));

    @AfterEach
    void closeChannel() {
        ch.finishAndReleaseAll();
    }

    static Stream<Arguments> malformedHeaders() {
        int data = FrameType.DATA.code();
        return Stream.of(
                Arguments.of("unknown type", header(0, 0x9, 0, 0), "unknown frame type 0x9"),
                Arguments.of("unknown type 0xff", header(4, 0xff, 0, 1), "unknown frame type 0xff"),
                Arguments.of("length over the limit", header(FrameDecoder.MAX_PAYLOAD + 1, data, 0, 1),
                        "DATA frame of 1048577 bytes exceeds the limit of 1048576"),
                Arguments.of("largest length on the wire", header(0xffffff, FrameType.GOAWAY.code(), 0, 0),
                        "GOAWAY frame of 16777215 bytes exceeds the limit"),
                Arguments.of("reserved stream-id bit", header(1, data, 0, 0x80000001), "reserved bit of the stream id"),
                Arguments.of("DATA on stream 0", header(1, data, 0, 0), "DATA frame on stream 0"),
                Arguments.of("OPEN on stream 0", header(6, FrameType.OPEN.code(), 0, 0), "OPEN frame on stream 0"),
                Arguments.of("RESET on stream 0", header(4, FrameType.RESET.code(), 0, 0), "RESET frame on stream 0"),
                Arguments.of("PING on a stream", header(8, FrameType.PING.code(), 0, 3), "PING frame on stream 3"),
                Arguments.of("HELLO on a stream", header(20, FrameType.HELLO.code(), 0, 1), "HELLO frame on stream 1"),
                Arguments.of("WELCOME on a stream", header(11, FrameType.WELCOME.code(), 0, 2), "WELCOME frame on stream 2"),
                Arguments.of("GOAWAY on a stream", header(4, FrameType.GOAWAY.code(), 0, 7), "GOAWAY frame on stream 7"),
                Arguments.of("CLAIM on a stream", header(2, FrameType.CLAIM.code(), 0, 1), "CLAIM frame on stream 1"),
                Arguments.of("WINDOW of 3 bytes", header(3, FrameType.WINDOW.code(), 0, 1), "WINDOW frame of 3 bytes (it has exactly 4)"),
                Arguments.of("WINDOW of 8 bytes", header(8, FrameType.WINDOW.code(), 0, 0), "WINDOW frame of 8 bytes (it has exactly 4)"),
                Arguments.of("PING of 4 bytes", header(4, FrameType.PING.code(), 0, 0), "PING frame of 4 bytes (it has exactly 8)"),
                Arguments.of("RESET shorter than 4", header(3, FrameType.RESET.code(), 0, 1), "RESET frame of 3 bytes (it has at least 4)"),
                Arguments.of("GOAWAY shorter than 4", header(0, FrameType.GOAWAY.code(), 0, 0), "GOAWAY frame of 0 bytes (it has at least 4)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeaders")
    void aMalformedHeaderIsAProtocolErrorWithItsReason(String what, byte[] header, String reason) {
        ProtocolException e = decodeExpectingFailure(header);

        assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(e).hasMessageContaining(reason);
    }

    static Stream<Arguments> oneOfEachCheck() {
        // Dropping does not depend on which check failed: one per kind of check (type, size, stream id) is enough.
        return malformedHeaders().filter(a -> Set.of("unknown type", "length over the limit", "reserved stream-id bit",
                "PING on a stream", "RESET shorter than 4").contains((String) a.get()[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneOfEachCheck")
    void afterAMalformedFrameTheDecoderDropsAllFurtherInput(String what, byte[] header, String reason) {
        decodeExpectingFailure(header);
        ByteBuf valid = copy(encode(FrameBytes.ping(0, 1), FrameBytes.data(1, true, "late")));

        assertThat(ch.writeInbound(valid)).isFalse();

        assertThat(valid.refCnt()).isZero();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void anOversizedFrameFailsOnItsHeaderWithoutWaitingForThePayload() {
        byte[] header = header(FrameDecoder.MAX_PAYLOAD + 1, FrameType.DATA.code(), 0, 1);
        ch.writeInbound(copy(header, 0, 5));

        ProtocolException e = decodeExpectingFailure(copy(header, 5, 4));

        assertThat(e).hasMessageContaining("exceeds the limit");
    }

    @Test
    void beforeAuthenticationAFrameOverTheHandshakeLimitIsRefused() {
        EmbeddedChannel handshaking = new EmbeddedChannel(new FrameDecoder(FrameDecoder.MAX_HANDSHAKE_PAYLOAD));
        try {
            ByteBuf bytes = copy(header(FrameDecoder.MAX_HANDSHAKE_PAYLOAD + 1, FrameType.HELLO.code(), 0, 0));

            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> handshaking.writeInbound(bytes));

            assertThat(e).hasMessage("HELLO frame of 4097 bytes exceeds the limit of 4096");
        } finally {
            handshaking.finishAndReleaseAll();
        }
    }

    @Test
    void framesBeforeTheMalformedOneAreDeliveredAndNothingAfterItWhereverTheReadsAreCut() {
        byte[] good = encode(FrameBytes.open(1, StreamTarget.dial("a", 1)), FrameBytes.data(1, false, "abcdef"),
                FrameBytes.window(1, 100));
        byte[] wire = concat(good, header(2, FrameType.WINDOW.code(), 0, 1), new byte[] {0, 0},
                encode(FrameBytes.data(1, true, "never")));
        List<String> expected = FrameBytes.decodeWhole(good);

        for (int cut = 0; cut <= wire.length; cut++) {
            EmbeddedChannel split = new EmbeddedChannel(new FrameDecoder(FrameDecoder.MAX_PAYLOAD));
            try {
                ProtocolException failure = null;
                try {
                    split.writeInbound(copy(wire, 0, cut));
                    split.writeInbound(copy(wire, cut, wire.length - cut));
                } catch (ProtocolException e) {
                    failure = e;
                }
                assertThat(failure).as("split at %d", cut).isNotNull().hasMessageContaining("WINDOW frame of 2 bytes");
                assertThat(FrameBytes.picture(FrameBytes.drain(split))).as("split at %d", cut).isEqualTo(expected);
            } finally {
                split.finishAndReleaseAll();
            }
        }
    }

    private ProtocolException decodeExpectingFailure(byte[] bytes) {
        return decodeExpectingFailure(copy(bytes));
    }

    private ProtocolException decodeExpectingFailure(ByteBuf bytes) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> ch.writeInbound(bytes));
        assertThat(e).as("the decoder's failure").isNotNull();
        assertThat(bytes.refCnt()).as("the read buffer is released").isZero();
        return e;
    }

    private static ByteBuf copy(byte[] bytes) {
        return copy(bytes, 0, bytes.length);
    }

    private static ByteBuf copy(byte[] bytes, int offset, int length) {
        return ByteBufAllocator.DEFAULT.buffer(Math.max(length, 1)).writeBytes(bytes, offset, length);
    }
}
