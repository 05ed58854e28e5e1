package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy with several event loops ({@code --io-threads 3}): callers are accepted on every loop while the tunnel
 * lives on one, so most streams hand their socket's events and writes across loops. Nothing may get lost there.
 */
class ProxyOnSeveralLoopsTest {
    private static final int IO_THREADS = 3;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(IO_THREADS * 2);

    @AfterEach
    void stop() throws Exception {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void concurrentExchangesOnEveryLoopArriveIntactBothWaysWithHalfClose() throws Exception {
        TestServer backend = keep(TestServer.start(HashExchange.backend(20_000_000, 12)));
        DataPlane plane = keep(DataPlane.onLoops(IO_THREADS, Ports.free()));
        plane.client(List.of(new PortClaim(backend.port(), plane.routePort(0))), List.of());

        List<Future<?>> exchanges = new ArrayList<>();
        for (int i = 0; i < IO_THREADS * 2; i++) {
            exchanges.add(callers.submit(() -> {
                try (Socket caller = Wire.connect(plane.routePort(0))) {
                    HashExchange.call(caller, 20_000_000, 11, 20_000_000, 12);
                }
                return null;
            }));
        }
        for (Future<?> exchange : exchanges) {
            exchange.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void hundredsOfStreamsOnEveryLoopAllComplete() throws Exception {
        TestServer echo = keep(TestServer.echo());
        DataPlane plane = keep(DataPlane.onLoops(IO_THREADS, Ports.free()));
        DataPlane.Client client = plane.client(List.of(new PortClaim(echo.port(), plane.routePort(0))), List.of());
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sockets.add(keep(Wire.connect(plane.routePort(0))));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> client.tunnel().current().streamCount() == 300);

        for (int i = 0; i < sockets.size(); i++) {
            sockets.get(i).getOutputStream().write(message(i));
        }
        for (int i = 0; i < sockets.size(); i++) {
            assertThat(Wire.readExactly(sockets.get(i).getInputStream(), 4096)).isEqualTo(message(i));
        }
    }

    @Test
    void callersThatSendAndHalfCloseAtOnceAreAnsweredOnEveryLoop() throws Exception {
        TestServer backend = keep(TestServer.start(socket -> {
            byte[] request = socket.getInputStream().readAllBytes();
            socket.getOutputStream().write(("answer to " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }));
        DataPlane plane = keep(DataPlane.onLoops(IO_THREADS, Ports.free()));
        plane.client(List.of(new PortClaim(backend.port(), plane.routePort(0))), List.of());

        for (int i = 0; i < IO_THREADS * 10; i++) {
            try (Socket caller = Wire.connect(plane.routePort(0))) {
                caller.getOutputStream().write(("request " + i).getBytes(StandardCharsets.UTF_8));
                caller.shutdownOutput();
                assertThat(new String(caller.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("answer to request " + i);
            }
        }
    }

    private static byte[] message(int i) {
        byte[] bytes = new byte[4096];
        Arrays.fill(bytes, (byte) i);
        return bytes;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }
}
