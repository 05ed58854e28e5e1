package dev.ktun.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.TunnelSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A route nobody claimed relays to its origin whatever the caller does first. */
class OriginRelayTest {
    private final ExecutorService originThreads = Executors.newCachedThreadPool();
    private ServerSocket origin;
    private Proxy proxy;
    private int routePort;

    @BeforeEach
    void start() throws Exception {
        origin = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        originThreads.execute(this::answerEachRequestAtItsEnd);
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            routePort = probe.getLocalPort();
        }
        proxy = Proxy.start(new Proxy.Config(new HostPort("127.0.0.1", 0), Set.of(Tokens.sha256Hex("origin-relay-test")), null,
                List.of(new Route(routePort, new HostPort("127.0.0.1", origin.getLocalPort()))), "127.0.0.1", 1,
                TunnelSettings.defaults("test-proxy")));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        origin.close();
        originThreads.shutdownNow();
        originThreads.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallerThatSendsItsRequestAndHalfClosesAtOnceGetsTheOriginsAnswer() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket caller = new Socket(InetAddress.getLoopbackAddress(), routePort)) {
                caller.setSoTimeout(3000);
                caller.getOutputStream().write(("request " + i).getBytes(StandardCharsets.UTF_8));
                caller.shutdownOutput();

                assertThat(new String(caller.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .as("answer %d", i).isEqualTo("answer to request " + i);
            }
        }
    }

    /** Reads each request to its end, as a server that waits for the caller's FIN does, then answers and closes. */
    private void answerEachRequestAtItsEnd() {
        while (!origin.isClosed()) {
            try {
                Socket socket = origin.accept();
                originThreads.execute(() -> {
                    try (socket) {
                        String request = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        socket.getOutputStream().write(("answer to " + request).getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // the caller went away
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }
}
