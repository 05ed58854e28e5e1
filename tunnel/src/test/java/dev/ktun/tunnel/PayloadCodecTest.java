package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The payloads of HELLO, WELCOME, OPEN, RESET/GOAWAY and CLAIM: written and read back, and refused when malformed. */
class PayloadCodecTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @Test
    void helloRoundTrips() {
        Hello hello = new Hello(1, 3, "s3cret".getBytes(StandardCharsets.UTF_8), new Windows(20_000, 90_000), "alice@laptop");

        Hello read = readBack(hello.toFrame(ALLOC), Hello::from);

        assertThat(read.minVersion()).isEqualTo(1);
        assertThat(read.maxVersion()).isEqualTo(3);
        assertThat(read.token()).asString(StandardCharsets.UTF_8).isEqualTo("s3cret");
        assertThat(read.windows()).isEqualTo(new Windows(20_000, 90_000));
        assertThat(read.clientId()).isEqualTo("alice@laptop");
    }

    @Test
    void peerTextCannotForgeLogLinesWithControlCharacters() {
        Hello hello = new Hello(1, 1, "t".getBytes(StandardCharsets.UTF_8), Windows.defaults(),
                "alice@laptop\n12:00:00 [main] INFO forged line");
        Frame frame = hello.toFrame(ByteBufAllocator.DEFAULT);
        try {
            assertThat(Hello.from(frame).clientId()).isEqualTo("alice@laptop?12:00:00 [main] INFO forged line");
        } finally {
            frame.release();
        }
    }

    @Test
    void helloCutShortAtAnyFieldIsTruncated() {
        byte[] whole = payload(FrameBytes.hello());
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> parse(FrameType.HELLO, cut, Hello::from))
                    .as("HELLO cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessage("HELLO is truncated");
        }
    }

    @Test
    void helloWithoutTheMagicIsNotAKtunClient() {
        byte[] bytes = payload(FrameBytes.hello());
        bytes[0] = 'X';

        assertThatThrownBy(() -> parse(FrameType.HELLO, bytes, Hello::from))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("HELLO without the KTUN magic: not a ktun client");
    }

    @Test
    void helloWithTrailingBytesIsRefused() {
        byte[] bytes = FrameBytes.concat(payload(FrameBytes.hello()), new byte[] {0});

        assertThatThrownBy(() -> parse(FrameType.HELLO, bytes, Hello::from))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("HELLO has 1 unexpected trailing bytes");
    }

    @Test
    void helloWithATokenOverTheLimitIsRefused() {
        ByteBuf buf = Unpooled.buffer().writeBytes(Hello.MAGIC).writeByte(1).writeByte(1)
                .writeShort(Hello.MAX_TOKEN + 1).writeZero(Hello.MAX_TOKEN + 1);

        assertThatThrownBy(() -> parse(FrameType.HELLO, ByteBufUtil.getBytes(buf), Hello::from))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("HELLO token longer than 1024 bytes");
    }

    @Test
    void helloWithWindowsOutOfRangeIsRefused() {
        ByteBuf buf = Unpooled.buffer().writeBytes(Hello.MAGIC).writeByte(1).writeByte(1)
                .writeShort(0).writeInt(Windows.MIN - 1).writeInt(1 << 20).writeShort(0);

        assertThatThrownBy(() -> parse(FrameType.HELLO, ByteBufUtil.getBytes(buf), Hello::from))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("window settings out of range: stream 16383");
    }

    @Test
    void welcomeRoundTrips() {
        Welcome welcome = new Welcome(1, Windows.defaults(), "ktun-proxy-api-7c9f");

        assertThat(readBack(welcome.toFrame(ALLOC), Welcome::from)).isEqualTo(welcome);
    }

    @Test
    void welcomeCutShortIsTruncated() {
        byte[] bytes = payload(FrameBytes.welcome());

        assertThatThrownBy(() -> parse(FrameType.WELCOME, Arrays.copyOf(bytes, 5), Welcome::from))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("WELCOME is truncated");
    }

    @Test
    void openRoundTripsForDialAndClaimedRouteTargets() {
        StreamTarget dial = StreamTarget.dial("orders.shop", 8080);
        StreamTarget route = StreamTarget.claimedRoute(80, "10.0.0.7:51234");

        StreamTarget readDial = readBack(dial.toFrame(ALLOC, 1), StreamTarget::from);
        assertThat(readDial).isEqualTo(dial);
        StreamTarget readRoute = readBack(route.toFrame(ALLOC, 2), StreamTarget::from);
        assertThat(readRoute).isEqualTo(route);
        assertThat(readRoute.isClaimedRoute()).isTrue();
    }

    @Test
    void openWithTrailingBytesIsRefused() {
        byte[] bytes = FrameBytes.concat(payload(FrameBytes.open(1, StreamTarget.dial("a", 1))), new byte[] {1, 2});

        assertThatThrownBy(() -> parse(FrameType.OPEN, bytes, StreamTarget::from))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("OPEN has 2 unexpected trailing bytes");
    }

    @Test
    void openWithAHostLongerThanThePayloadIsTruncated() {
        byte[] bytes = {0, 80, 0, 50, 'a'};

        assertThatThrownBy(() -> parse(FrameType.OPEN, bytes, StreamTarget::from))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("OPEN is truncated");
    }

    @Test
    void reasonRoundTripsAndLongTextIsCutNotRefused() {
        String longText = "x".repeat(Wire.MAX_TEXT + 100);

        Reason read = readBack(new Reason(ErrorCode.UNREACHABLE, longText).toFrame(ALLOC, FrameType.RESET, 1), Reason::from);

        assertThat(read.code()).isEqualTo(ErrorCode.UNREACHABLE);
        assertThat(read.message()).hasSize(Wire.MAX_TEXT);
    }

    @Test
    void anErrorCodeFromANewerPeerReadsAsInternal() {
        byte[] bytes = {0, 0, 0, 99, 'h', 'i'};

        assertThat(parse(FrameType.GOAWAY, bytes, Reason::from)).isEqualTo(new Reason(ErrorCode.INTERNAL, "hi"));
    }

    @Test
    void claimRequestAndAnswerRoundTrip() {
        Map<Integer, Claim.Status> answer = new LinkedHashMap<>();
        answer.put(8080, Claim.Status.GRANTED);
        answer.put(65535, Claim.Status.NO_SUCH_ROUTE);

        assertThat(readBack(FrameBytes.claim(List.of(80, 8080)), Claim::readRequest)).containsExactly(80, 8080);
        assertThat(readBack(FrameBytes.claimAnswer(answer), Claim::readAnswer)).containsExactlyEntriesOf(answer);
    }

    @Test
    void claimCountingMorePortsThanItCarriesIsTruncated() {
        byte[] bytes = {0, 3, 0, 80};

        assertThatThrownBy(() -> parse(FrameType.CLAIM, bytes, Claim::readRequest))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("CLAIM is truncated");
    }

    @Test
    void anUnknownClaimStatusReadsAsNoSuchRoute() {
        byte[] bytes = {0, 1, 0, 80, 7};

        assertThat(parse(FrameType.CLAIM, bytes, Claim::readAnswer)).containsEntry(80, Claim.Status.NO_SUCH_ROUTE);
    }

    @Test
    void readingAPayloadLeavesTheFramesBufferUntouched() {
        Frame frame = FrameBytes.hello();
        try {
            int before = frame.payload().readerIndex();
            Hello.from(frame);
            assertThat(frame.payload().readerIndex()).isEqualTo(before);
        } finally {
            frame.release();
        }
    }

    private static <T> T readBack(Frame frame, Function<Frame, T> read) {
        try {
            return read.apply(frame);
        } finally {
            frame.release();
        }
    }

    private static <T> T parse(FrameType type, byte[] payload, Function<Frame, T> read) {
        return readBack(new Frame(type, 0, type == FrameType.OPEN ? 1 : 0, Unpooled.wrappedBuffer(payload)), read);
    }

    private static byte[] payload(Frame frame) {
        return readBack(frame, f -> ByteBufUtil.getBytes(f.payload()));
    }
}
