package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many streams at once, and one stalled reader among them, on one tunnel. */
class ConcurrencyTest {
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        released.countDown();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void thousandConcurrentStreamsAllComplete() throws Exception {
        TestServer echo = keep(TestServer.echo());
        DataPlane plane = keep(DataPlane.withOrigins(Ports.free()));
        DataPlane.Client client = plane.client(List.of(new PortClaim(echo.port(), plane.routePort(0))), List.of());
        List<Socket> callers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            callers.add(keep(Wire.connect(plane.routePort(0))));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> client.tunnel().current().streamCount() == 1000);

        for (int i = 0; i < callers.size(); i++) {
            callers.get(i).getOutputStream().write(message(i));
        }
        for (int i = 0; i < callers.size(); i++) {
            assertThat(Wire.readExactly(callers.get(i).getInputStream(), 1024)).isEqualTo(message(i));
        }
    }

    @Test
    void streamWithAStalledReaderDoesNotHoldUpTheOthers() throws Exception {
        TestServer stalled = keep(TestServer.start(socket -> awaitRelease()));
        TestServer backend = keep(TestServer.start(HashExchange.backend(20_000_000, 8)));
        DataPlane plane = keep(DataPlane.withOrigins(Ports.free(), Ports.free()));
        plane.client(List.of(new PortClaim(stalled.port(), plane.routePort(0)),
                new PortClaim(backend.port(), plane.routePort(1))), List.of());
        SocketChannel stalledCaller = keep(SocketChannel.open(new InetSocketAddress("127.0.0.1", plane.routePort(0))));
        stalledCaller.configureBlocking(false);
        long offered = offerNonBlocking(stalledCaller, 1L << 30, Duration.ofSeconds(2));
        assertThat(offered).as("bytes the stalled stream took before pushing back").isGreaterThan(256 * 1024);

        long start = System.nanoTime();
        try (Socket other = Wire.connect(plane.routePort(1))) {
            HashExchange.call(other, 20_000_000, 7, 20_000_000, 8);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void buffersStayBoundedWhileAGigabyteIsOfferedToAStalledReader() throws Exception {
        TestServer stalled = keep(TestServer.start(socket -> awaitRelease()));
        DataPlane plane = keep(DataPlane.withOrigins(Ports.free()));
        plane.client(List.of(new PortClaim(stalled.port(), plane.routePort(0))), List.of());
        long directBefore = directMemoryUsed();

        long accepted;
        try (SocketChannel caller = SocketChannel.open(new InetSocketAddress("127.0.0.1", plane.routePort(0)))) {
            caller.configureBlocking(false);
            accepted = offerNonBlocking(caller, 1L << 30, Duration.ofSeconds(3));
        }

        // Kernel socket buffers on four hops plus one stream window, not a gigabyte.
        assertThat(accepted).isLessThan(64L * 1024 * 1024);
        assertThat(directMemoryUsed() - directBefore).as("direct memory grown").isLessThan(64L * 1024 * 1024);
    }

    /** Writes until nothing more is taken for a while; returns how much was taken. */
    private static long offerNonBlocking(SocketChannel channel, long limit, Duration patience) throws Exception {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long accepted = 0;
        long deadline = System.nanoTime() + patience.toNanos();
        while (accepted < limit && System.nanoTime() < deadline) {
            chunk.clear();
            int n = channel.write(chunk);
            if (n > 0) {
                accepted += n;
                deadline = Math.max(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300));
            } else {
                Thread.onSpinWait();
            }
        }
        return accepted;
    }

    private void awaitRelease() {
        try {
            released.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long directMemoryUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    private static byte[] message(int i) {
        byte[] bytes = new byte[1024];
        for (int j = 0; j < bytes.length; j++) {
            bytes[j] = (byte) (i * 31 + j);
        }
        return bytes;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }
}
