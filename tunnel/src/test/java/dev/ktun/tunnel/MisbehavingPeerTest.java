package dev.ktun.tunnel;

import static dev.ktun.tunnel.FrameBytes.concat;
import static dev.ktun.tunnel.FrameBytes.encode;
import static dev.ktun.tunnel.FrameBytes.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real listener on loopback, and peers that break the protocol from a raw socket: each gets a GOAWAY that says
 * why, then the connection closes, promptly; nothing escapes the pipeline; and the listener goes on accepting.
 */
class MisbehavingPeerTest {
    private static final Duration CLOSES_WITHIN = Duration.ofSeconds(3);
    private static final byte[] WRONG_TOKEN = "not-the-token".getBytes(StandardCharsets.UTF_8);

    private final RecordingListener listener = new RecordingListener();
    private EventLoopGroup group;
    private Channel server;
    private InetSocketAddress address;

    @BeforeEach
    void startGroup() {
        group = Transport.group(1, "test");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    static Stream<Arguments> garbageBeforeHello() {
        return Stream.of(
                Arguments.of("an HTTP request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        "unknown frame type 0x20"),
                Arguments.of("a TLS client hello", new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc},
                        "OPEN frame of 1442561 bytes exceeds the limit of 4096"),
                Arguments.of("a frame other than HELLO", encode(FrameBytes.ping(0, 1)), "expected HELLO, got PING"),
                Arguments.of("a HELLO over the handshake limit", header(FrameDecoder.MAX_HANDSHAKE_PAYLOAD + 1, 0, 0, 0),
                        "HELLO frame of 4097 bytes exceeds the limit of 4096"),
                Arguments.of("a HELLO without the magic", concat(header(8, 0, 0, 0), "NOPE\1\1\0\0".getBytes(StandardCharsets.US_ASCII)),
                        "HELLO without the KTUN magic: not a ktun client"),
                Arguments.of("a truncated HELLO", concat(header(6, 0, 0, 0), "KTUN\1\1".getBytes(StandardCharsets.US_ASCII)),
                        "HELLO is truncated"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbageBeforeHello")
    void garbageBeforeHelloGetsGoAwayProtocolErrorAndCloses(String what, byte[] garbage, String reason) throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address)) {
            answer = peer.send(garbage).readUntilClosed(CLOSES_WITHIN);
        }

        assertThat(answer.frames()).hasSize(1);
        assertGoAway(answer.last(), ErrorCode.PROTOCOL_ERROR, reason);
        assertThat(listener.opened).isEmpty();
        assertStillAcceptsAValidClient();
    }

    @Test
    void wrongTokenIsRefusedWithAuthFailedWithinOneSecond() throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address)) {
            answer = peer.send(encode(FrameBytes.hello(WRONG_TOKEN, Windows.defaults()))).readUntilClosed(CLOSES_WITHIN);
        }

        assertThat(answer.frames()).hasSize(1);
        assertGoAway(answer.last(), ErrorCode.AUTH_FAILED, "the tunnel token was not accepted");
        assertThat(answer.took()).isLessThan(Duration.ofSeconds(1));
        assertStillAcceptsAValidClient();
    }

    @Test
    void dialWithTheWrongTokenFailsWithTunnelRefusedAuthFailed() throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        Future<TunnelSession> dial = TunnelChannels.dial(group, address, WRONG_TOKEN, TunnelSettings.defaults("test-client"),
                new RecordingListener(), Duration.ofSeconds(2));

        assertThat(dial.await(1, TimeUnit.SECONDS)).as("refused within 1 s").isTrue();
        assertThat(dial.cause()).isInstanceOf(TunnelRefusedException.class);
        assertThat(((TunnelRefusedException) dial.cause()).reason().code()).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(listener.opened).isEmpty();
        assertStillAcceptsAValidClient();
    }

    @Test
    void aHelloForAnotherProtocolVersionIsRefusedAsUnsupported() throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));
        Hello future = new Hello(2, 3, FrameBytes.TOKEN, Windows.defaults(), "from-the-future");

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address)) {
            answer = peer.send(encode(future.toFrame(ByteBufAllocator.DEFAULT))).readUntilClosed(CLOSES_WITHIN);
        }

        assertGoAway(answer.last(), ErrorCode.UNSUPPORTED_VERSION, "protocol versions 2..3 requested, this side speaks 1");
        assertStillAcceptsAValidClient();
    }

    @Test
    void aPeerThatSendsNoHelloIsTimedOut() throws Exception {
        listen(withHandshakeTimeout(Duration.ofMillis(300)));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address)) {
            answer = peer.readUntilClosed(CLOSES_WITHIN);
        }

        assertGoAway(answer.last(), ErrorCode.TIMEOUT, "no HELLO within 300 ms");
        assertThat(answer.took()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertStillAcceptsAValidClient();
    }

    @Test
    void aPeerThatStallsInTheMiddleOfItsHelloIsTimedOut() throws Exception {
        listen(withHandshakeTimeout(Duration.ofMillis(300)));
        byte[] hello = encode(FrameBytes.hello());

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address)) {
            answer = peer.send(Arrays.copyOf(hello, hello.length / 2)).readUntilClosed(CLOSES_WITHIN);
        }

        assertGoAway(answer.last(), ErrorCode.TIMEOUT, "no HELLO within 300 ms");
        assertStillAcceptsAValidClient();
    }

    @Test
    void oversizedFrameAfterHandshakeGetsGoAwayAndCloses() throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address).authenticate(FrameBytes.TOKEN)) {
            answer = peer.send(header(FrameDecoder.MAX_PAYLOAD + 1, FrameType.DATA.code(), 0, 1)).readUntilClosed(CLOSES_WITHIN);
        }

        String reason = "DATA frame of 1048577 bytes exceeds the limit of 1048576";
        assertGoAway(answer.last(), ErrorCode.PROTOCOL_ERROR, reason);
        assertSessionClosedWith(ErrorCode.PROTOCOL_ERROR, reason);
        assertStillAcceptsAValidClient();
    }

    @Test
    void anAcknowledgedLeaveThisSideNeverBeganGetsAProtocolError() throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address).authenticate(FrameBytes.TOKEN)) {
            answer = peer.send(encode(FrameBytes.goAway(Frame.FLAG_LEAVE | Frame.FLAG_ACK, ErrorCode.NORMAL, "bye")))
                    .readUntilClosed(CLOSES_WITHIN);
        }

        assertGoAway(answer.last(), ErrorCode.PROTOCOL_ERROR, "GOAWAY acknowledges a leave this side never began");
        assertStillAcceptsAValidClient();
    }

    @Test
    void dataBeyondTheStreamCreditGetsFlowControlError() throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address).authenticate(FrameBytes.TOKEN)) {
            // The listener never attaches the stream, as while its target is still being dialled: the bytes wait.
            answer = peer.send(encode(
                    FrameBytes.open(1, StreamTarget.dial("backend", 80)),
                    FrameBytes.data(1, false, new byte[Windows.DEFAULT_STREAM + 1]))).readUntilClosed(CLOSES_WITHIN);
        }

        assertGoAway(answer.last(), ErrorCode.FLOW_CONTROL_ERROR, "stream 1 received 1 bytes beyond the credit granted");
        assertSessionClosedWith(ErrorCode.FLOW_CONTROL_ERROR, "stream 1 received 1 bytes beyond the credit granted");
        assertStillAcceptsAValidClient();
    }

    @Test
    void dataBeyondTheTunnelCreditGetsFlowControlErrorWhateverTheStreams() throws Exception {
        Windows windows = new Windows(Windows.MIN, 4 * Windows.MIN);
        listen(TunnelSettings.defaults("test-proxy").withWindows(windows));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address).authenticate(FrameBytes.TOKEN)) {
            for (int id = 1; id <= 9; id += 2) {
                peer.send(encode(FrameBytes.open(id, StreamTarget.dial("backend", 80)),
                        FrameBytes.data(id, false, new byte[id == 9 ? 1 : Windows.MIN])));
            }
            answer = peer.readUntilClosed(CLOSES_WITHIN);
        }

        assertGoAway(answer.last(), ErrorCode.FLOW_CONTROL_ERROR, "tunnel received 1 bytes beyond the credit granted");
        assertSessionClosedWith(ErrorCode.FLOW_CONTROL_ERROR, "tunnel received 1 bytes beyond the credit granted");
        assertStillAcceptsAValidClient();
    }

    @ParameterizedTest(name = "stream {0}")
    @MethodSource("neverOpenedStreams")
    void dataOnANeverOpenedStreamGetsProtocolError(int streamId) throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address).authenticate(FrameBytes.TOKEN)) {
            answer = peer.send(encode(FrameBytes.data(streamId, false, "hello?"))).readUntilClosed(CLOSES_WITHIN);
        }

        String reason = "DATA on stream " + streamId + ", which was never opened";
        assertGoAway(answer.last(), ErrorCode.PROTOCOL_ERROR, reason);
        assertSessionClosedWith(ErrorCode.PROTOCOL_ERROR, reason);
        assertStillAcceptsAValidClient();
    }

    static Stream<Integer> neverOpenedStreams() {
        // 1: the client's own first id, never announced by OPEN; 2: the proxy's first id, which it never opened.
        return Stream.of(1, 2, 0x7fffffff);
    }

    @Test
    void aSecondHelloAfterTheHandshakeGetsProtocolError() throws Exception {
        listen(TunnelSettings.defaults("test-proxy"));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address).authenticate(FrameBytes.TOKEN)) {
            answer = peer.send(encode(FrameBytes.hello())).readUntilClosed(CLOSES_WITHIN);
        }

        assertGoAway(answer.last(), ErrorCode.PROTOCOL_ERROR, "HELLO after the handshake");
        assertSessionClosedWith(ErrorCode.PROTOCOL_ERROR, "HELLO after the handshake");
        assertStillAcceptsAValidClient();
    }

    @Test
    void aPeerThatFallsSilentAfterTheHandshakeIsDeclaredDeadAndClosed() throws Exception {
        // A laptop that sleeps or loses the network sends no FIN: only the silence tells.
        TunnelSettings d = TunnelSettings.defaults("test-proxy");
        listen(new TunnelSettings(d.windows(), Duration.ofMillis(100), Duration.ofMillis(400), d.handshakeTimeout(), d.selfId()));

        RawPeer.UntilClosed answer;
        try (RawPeer peer = new RawPeer(address)) {
            answer = peer.authenticate(FrameBytes.TOKEN).readUntilClosed(CLOSES_WITHIN);
        }

        assertThat(answer.frames()).as("pings the silent peer never answered").anyMatch(f -> f.type() == FrameType.PING);
        assertGoAway(answer.last(), ErrorCode.TIMEOUT, "nothing heard from the peer");
        assertThat(answer.took()).isGreaterThanOrEqualTo(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(2));
        assertSessionClosedWith(ErrorCode.TIMEOUT, "nothing heard from the peer");
        assertStillAcceptsAValidClient();
    }

    private void listen(TunnelSettings settings) {
        TokenCheck tokens = TokenCheck.ofHexHashes(Set.of(TokenCheck.sha256Hex("tok")));
        var bind = TunnelChannels.listen(group, new InetSocketAddress("127.0.0.1", 0), settings, tokens, listener);
        assertThat(bind.awaitUninterruptibly(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bind.isSuccess()).as("bound: %s", bind.cause()).isTrue();
        server = bind.channel();
        address = (InetSocketAddress) server.localAddress();
    }

    private static TunnelSettings withHandshakeTimeout(Duration timeout) {
        TunnelSettings d = TunnelSettings.defaults("test-proxy");
        return new TunnelSettings(d.windows(), d.pingInterval(), d.deadAfter(), timeout, d.selfId());
    }

    private static void assertGoAway(RawPeer.Received frame, ErrorCode code, String reason) {
        assertThat(frame).as("the last frame before the close").isNotNull();
        assertThat(frame.type()).as("%s", frame).isEqualTo(FrameType.GOAWAY);
        assertThat(frame.streamId()).isZero();
        assertThat(frame.reason().code()).as("%s", frame).isEqualTo(code);
        assertThat(frame.reason().message()).contains(reason);
    }

    /** The session on the listener's side ended with this reason (the one it logged) and let nothing through. */
    private void assertSessionClosedWith(ErrorCode code, String reason) {
        await().atMost(Duration.ofSeconds(2)).until(() -> !listener.closed.isEmpty());
        assertThat(listener.closed).hasSize(1);
        assertThat(listener.closed.get(0).code()).isEqualTo(code);
        assertThat(listener.closed.get(0).message()).contains(reason);
        assertThat(listener.escaped).as("events that got past the session").isEmpty();
    }

    private void assertStillAcceptsAValidClient() throws Exception {
        int openedBefore = listener.opened.size();
        Future<TunnelSession> dial = TunnelChannels.dial(group, address, FrameBytes.TOKEN, TunnelSettings.defaults("test-client"),
                new RecordingListener(), Duration.ofSeconds(2));
        assertThat(dial.await(5, TimeUnit.SECONDS)).as("the dial completes").isTrue();
        assertThat(dial.cause()).isNull();
        TunnelSession session = dial.getNow();
        try {
            assertThat(session.isOpen()).isTrue();
            assertThat(session.peerId()).isEqualTo("test-proxy");
            await().atMost(Duration.ofSeconds(2)).until(() -> listener.opened.size() > openedBefore);
        } finally {
            session.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Records the listener side's sessions, and anything that reaches the end of their pipelines. */
    private static final class RecordingListener implements SessionListener {
        final List<TunnelSession> opened = new CopyOnWriteArrayList<>();
        final List<Reason> closed = new CopyOnWriteArrayList<>();
        final List<Object> escaped = new CopyOnWriteArrayList<>();

        @Override
        public void opened(TunnelSession session) {
            opened.add(session);
            session.channel().pipeline().addLast("escape-watch", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    escaped.add(msg.toString());
                    ReferenceCountUtil.release(msg);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    escaped.add(cause);
                }
            });
        }

        @Override
        public void streamOpened(TunnelStream stream) {
            // Left unattached: a target still being dialled.
        }

        @Override
        public void closed(TunnelSession session, Reason reason) {
            closed.add(reason);
        }
    }
}
