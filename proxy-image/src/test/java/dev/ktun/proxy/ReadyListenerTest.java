package dev.ktun.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.ErrorCode;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.SessionListener;
import dev.ktun.tunnel.TunnelChannels;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelSettings;
import dev.ktun.tunnel.TunnelStream;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The kubelet probes a port of its own, which says the proxy serves and never reaches a developer. */
class ReadyListenerTest {
    private static final String TOKEN = "ready-listener-test-token";

    private final EventLoopGroup clientGroup = Transport.group(1, "test-tunnel-client");
    private Proxy proxy;

    @AfterEach
    void stop() {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void theReadinessPortAcceptsAProbeAndClosesIt() throws Exception {
        proxy = Proxy.start(config(freePort(), freePort()));

        try (Socket probe = probe()) {
            assertThat(probe.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void probesNeverBecomeStreamsToTheClientThatClaimedTheRoute() throws Exception {
        int routePort = freePort();
        proxy = Proxy.start(config(routePort, freePort()));
        AtomicInteger streams = new AtomicInteger();
        claim(routePort, streams);

        for (int i = 0; i < 20; i++) {
            try (Socket probe = probe()) {
                assertThat(probe.getInputStream().read()).isEqualTo(-1);
            }
        }
        try (Socket caller = new Socket(InetAddress.getLoopbackAddress(), routePort)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> streams.get() == 1);
        }
        assertThat(streams).hasValue(1);
    }

    @Test
    void aProxyThatCannotBindARouteNeverAnswersTheProbe() throws Exception {
        int readyPort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Proxy.start(config(taken.getLocalPort(), readyPort)))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }

        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), readyPort).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aReadinessPortThatIsAlsoARoutePortIsRefusedWithWhatToDo() {
        StringWriter err = new StringWriter();
        CommandLine command = ProxyMain.commandLine().setErr(new PrintWriter(err));

        int exit = command.execute("--tunnel-listen", "127.0.0.1:7300", "--token-sha256", "0".repeat(64),
                "--route", "8080=origin:80", "--ready-listen", "0.0.0.0:8080");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--ready-listen port 8080 is also a route or the tunnel port; "
                + "give the readiness probe a port of its own");
    }

    private Proxy.Config config(int routePort, int readyPort) {
        return new Proxy.Config(new HostPort("127.0.0.1", 0), Set.of(Tokens.sha256Hex(TOKEN)), null,
                List.of(new Route(routePort, new HostPort("127.0.0.1", 9))), "127.0.0.1", 1,
                TunnelSettings.defaults("test-proxy"), new HostPort("127.0.0.1", readyPort));
    }

    private Socket probe() throws IOException {
        Socket probe = new Socket(InetAddress.getLoopbackAddress(), proxy.readyEndpoint().orElseThrow().port());
        probe.setSoTimeout(5000);
        return probe;
    }

    private void claim(int routePort, AtomicInteger streams) throws Exception {
        CompletableFuture<Map<Integer, Claim.Status>> answered = new CompletableFuture<>();
        SessionListener counting = new SessionListener() {
            @Override
            public void streamOpened(TunnelStream stream) {
                streams.incrementAndGet();
                stream.reset(ErrorCode.ABORTED, "the test only counts streams");
            }

            @Override
            public void claimAnswered(TunnelSession session, Map<Integer, Claim.Status> answer) {
                answered.complete(answer);
            }
        };
        TunnelSession session = TunnelChannels.dial(clientGroup, proxy.tunnelEndpoint().toAddress(),
                TOKEN.getBytes(StandardCharsets.UTF_8), TunnelSettings.defaults("test-client"), counting,
                Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
        session.claim(List.of(routePort));
        assertThat(answered.get(5, TimeUnit.SECONDS)).containsEntry(routePort, Claim.Status.GRANTED);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
