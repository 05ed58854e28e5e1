package dev.ktun.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A caller that keeps its connection alive follows the intercept instead of staying with the origin. */
class OriginKeepAliveTest {
    private static final String TOKEN = "keep-alive-test-token";

    private final HttpClient keptAlive = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EventLoopGroup clientGroup = Transport.group(1, "test-tunnel-client");
    private HttpServer origin;
    private HttpServer local;
    private Proxy proxy;
    private int routePort;

    @BeforeEach
    void start() throws Exception {
        origin = server("origin");
        local = server("local");
        routePort = freePort();
        proxy = Proxy.start(new Proxy.Config(new HostPort("127.0.0.1", 0), Set.of(Tokens.sha256Hex(TOKEN)), null,
                List.of(new Route(routePort, new HostPort("127.0.0.1", origin.getAddress().getPort()))), "127.0.0.1", 1,
                TunnelSettings.defaults("test-proxy")));
    }

    @AfterEach
    void stop() {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        proxy.close();
        origin.stop(0);
        local.stop(0);
    }

    @Test
    void keptAliveCallerReachesTheClaimantOnceItsOriginConnectionWentIdle() throws Exception {
        assertThat(get()).isEqualTo("origin");

        claimRouteFor(local.getAddress().getPort());

        // The caller asks less often than the proxy's idle threshold, as a kept-alive caller between bursts does;
        // one that never pauses that long stays on its connection (see OriginLinks).
        Duration pause = Duration.ofNanos(2 * OriginLinks.IDLE_NANOS);
        await().atMost(Duration.ofSeconds(5)).pollInterval(pause).ignoreExceptions().until(() -> get().equals("local"));
    }

    @Test
    void aCallerWaitingForASlowOriginAnswerKeepsItsConnectionWhenThePortIsClaimed() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        origin.createContext("/slow", exchange -> {
            asked.countDown();
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "slow origin".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        assertThat(get()).isEqualTo("origin");
        CompletableFuture<HttpResponse<String>> slow = keptAlive.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + routePort + "/slow")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();

        claimRouteFor(local.getAddress().getPort());
        long claimed = System.nanoTime();
        // Longer than the idle threshold, several sweeps: the old rule closed the connection in here.
        await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() - claimed > 3 * OriginLinks.IDLE_NANOS);
        answer.countDown();

        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow origin");
    }

    @Test
    void aCallerReadingALongOriginAnswerSlowlyKeepsItsConnectionWhenThePortIsClaimed() throws Exception {
        int length = 64 * 1024 * 1024;
        origin.createContext("/long", exchange -> {
            exchange.sendResponseHeaders(200, length);
            exchange.getResponseBody().write(new byte[length]);
            exchange.close();
        });
        try (Socket caller = new Socket(InetAddress.getLoopbackAddress(), routePort)) {
            caller.setSoTimeout(30_000);
            caller.getOutputStream().write("GET /long HTTP/1.1\r\nHost: origin\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            claimRouteFor(local.getAddress().getPort());
            long claimed = System.nanoTime();
            // The caller reads nothing for several idle thresholds: the answer waits for it and is not over.
            await().atMost(Duration.ofSeconds(2)).until(() -> System.nanoTime() - claimed > 3 * OriginLinks.IDLE_NANOS);
            byte[] head = readHead(caller);
            byte[] body = caller.getInputStream().readNBytes(length);

            assertThat(new String(head, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            assertThat(body).hasSize(length);
        }
    }

    /** The response's status line and headers, up to the blank line. */
    private static byte[] readHead(Socket caller) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b; matched < end.length && (b = caller.getInputStream().read()) != -1; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toByteArray();
    }

    private void claimRouteFor(int localPort) throws Exception {
        SessionListener delivery = new SessionListener() {
            @Override
            public void streamOpened(TunnelStream stream) {
                Sockets.dialFor(stream, "127.0.0.1", localPort, "test local server");
            }
        };
        TunnelSession session = TunnelChannels.dial(clientGroup, proxy.tunnelEndpoint().toAddress(),
                TOKEN.getBytes(StandardCharsets.UTF_8), TunnelSettings.defaults("test-client"), delivery,
                Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
        session.claim(List.of(routePort));
    }

    private String get() throws IOException, InterruptedException {
        return keptAlive.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routePort + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpServer server(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
