package dev.ktun.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.SessionListener;
import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.TunnelChannels;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelSettings;
import dev.ktun.tunnel.TunnelStream;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.Transport;
import io.netty.channel.EventLoopGroup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A proxy told to stop (SIGTERM in its pod) lets no caller lose an answer, and does not wait for idle ones. */
class ProxyStopTest {
    private static final String TOKEN = "proxy-stop-test-token";
    private static final Duration DRAIN = Duration.ofSeconds(5);
    /** More than the sockets on the way hold, so that a caller that does not read holds the origin's answer up. */
    private static final int BIG_ANSWER = 64 * 1024 * 1024;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final EventLoopGroup clientGroup = Transport.group(1, "test-tunnel-client");
    private final CountDownLatch asked = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);
    private ServerSocket origin;
    private ServerSocket local;
    private int routePort;
    private Proxy proxy;

    @BeforeEach
    void start() throws Exception {
        origin = answering("origin");
        local = answering("local");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            routePort = probe.getLocalPort();
        }
        proxy = Proxy.start(new Proxy.Config(new HostPort("127.0.0.1", 0), Set.of(Tokens.sha256Hex(TOKEN)), null,
                List.of(new Route(routePort, new HostPort("127.0.0.1", origin.getLocalPort()))), "127.0.0.1", 1,
                TunnelSettings.defaults("test-proxy"), new HostPort("127.0.0.1", 0)));
    }

    @AfterEach
    void stop() throws Exception {
        answer.countDown();
        proxy.close();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        origin.close();
        local.close();
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void callersStillReachTheOriginWhileTheStoppingProxyLingers() throws Exception {
        int readyPort = proxy.readyEndpoint().orElseThrow().port();
        CompletableFuture<Void> stopped = stopping(Duration.ofSeconds(3));

        await().atMost(Duration.ofSeconds(2)).until(() -> !answers(readyPort));
        try (Socket caller = connect()) {
            assertThat(ask(caller, "hello")).isEqualTo("origin");
        }
        assertThat(stopped).isNotDone();
    }

    @Test
    void aCallerWaitingForTheOriginWhenTheProxyStopsGetsItsAnswer() throws Exception {
        try (Socket caller = connect()) {
            send(caller, "wait");
            assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopped = stopping(Duration.ZERO);

            answer.countDown();

            assertThat(readLine(caller)).isEqualTo("origin");
            caller.close();
            stopped.get(DRAIN.toMillis() / 2, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aKeptAliveCallerBetweenRequestsIsClosedCleanlyAndDoesNotHoldTheStop() throws Exception {
        try (Socket caller = connect()) {
            assertThat(ask(caller, "hello")).isEqualTo("origin");

            CompletableFuture<Void> stopped = stopping(Duration.ZERO);

            assertThat(readLine(caller)).as("end of stream, as after a keep-alive timeout").isNull();
            stopped.get(DRAIN.toMillis() / 2, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void anOriginAnswerHeldUpByASlowCallerIsNotCutShortByTheStop() throws Exception {
        try (Socket caller = connect()) {
            send(caller, "big");
            CompletableFuture<Void> stopped = stoppingWithin(Duration.ofSeconds(30));

            // The caller reads nothing for longer than an idle connection takes to be closed: this one is not idle.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> !stopped.isDone());
            caller.setSoTimeout(30_000);
            byte[] answer = caller.getInputStream().readNBytes(BIG_ANSWER + "origin\n".length());

            assertThat(answer).hasSize(BIG_ANSWER + "origin\n".length());
            assertThat(new String(answer, BIG_ANSWER, "origin".length(), StandardCharsets.UTF_8)).isEqualTo("origin");
        }
    }

    @Test
    void aCallerWaitingForTheDeveloperWhenTheProxyStopsGetsItsAnswer() throws Exception {
        claimRouteForLocal();
        try (Socket caller = connect()) {
            send(caller, "wait");
            assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopped = stopping(Duration.ZERO);

            answer.countDown();

            assertThat(readLine(caller)).isEqualTo("local");
            caller.close();
            stopped.get(DRAIN.toMillis() / 2, TimeUnit.MILLISECONDS);
        }
    }

    private CompletableFuture<Void> stopping(Duration linger) {
        return stopping(linger, DRAIN);
    }

    /** Stops without lingering, letting callers finish for up to {@code drain}. */
    private CompletableFuture<Void> stoppingWithin(Duration drain) {
        return stopping(Duration.ZERO, drain);
    }

    private CompletableFuture<Void> stopping(Duration linger, Duration drain) {
        return CompletableFuture.runAsync(() -> {
            try {
                proxy.stop(linger, drain);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threads);
    }

    /** A server that keeps connections alive and answers each line with its name; "wait" once the test lets it. */
    private ServerSocket answering(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    threads.execute(() -> answerEachLine(connection, name));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private void answerEachLine(Socket connection, String name) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("wait")) {
                    asked.countDown();
                    answer.await(10, TimeUnit.SECONDS);
                }
                if (line.equals("big")) {
                    connection.getOutputStream().write(new byte[BIG_ANSWER]);
                }
                connection.getOutputStream().write((name + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the caller went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void claimRouteForLocal() throws Exception {
        CompletableFuture<Void> granted = new CompletableFuture<>();
        SessionListener delivery = new SessionListener() {
            @Override
            public void streamOpened(TunnelStream stream) {
                Sockets.dialFor(stream, "127.0.0.1", local.getLocalPort(), "test local server");
            }

            @Override
            public void claimAnswered(TunnelSession session, Map<Integer, Claim.Status> answer) {
                granted.complete(null);
            }
        };
        TunnelSession session = TunnelChannels.dial(clientGroup, proxy.tunnelEndpoint().toAddress(),
                TOKEN.getBytes(StandardCharsets.UTF_8), TunnelSettings.defaults("test-client"), delivery,
                Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
        session.claim(List.of(routePort));
        granted.get(5, TimeUnit.SECONDS);
    }

    private static boolean answers(int port) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Socket connect() throws IOException {
        Socket caller = new Socket(InetAddress.getLoopbackAddress(), routePort);
        caller.setSoTimeout(10_000);
        return caller;
    }

    private static void send(Socket caller, String line) throws IOException {
        caller.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String ask(Socket caller, String line) throws IOException {
        send(caller, line);
        return readLine(caller);
    }

    /** Reads byte by byte: a BufferedReader per call would swallow what follows the line. */
    private static String readLine(Socket caller) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = caller.getInputStream().read()) != -1; ) {
            if (b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }
}
