package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credit for a stream's socket comes back for the bytes the socket took, and only for those. */
class SocketWritesTest {
    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 64;
    private static final long TOTAL = (long) CHUNK * CHUNKS;
    private static final int SMALL_BUFFER = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private EventLoopGroup socketLoop;
    private EventLoopGroup otherLoop;
    private ServerSocket server;
    private Socket reader;
    private Channel socket;

    @BeforeEach
    void connect() throws Exception {
        socketLoop = Transport.group(1, "socket-writes-test");
        otherLoop = Transport.group(1, "socket-writes-test-tunnel");
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setReceiveBufferSize(SMALL_BUFFER);
        socket = Sockets.dial(socketLoop.next(), "127.0.0.1", server.getLocalPort()).sync().channel();
        socket.config().setOption(ChannelOption.SO_SNDBUF, SMALL_BUFFER);
        reader = server.accept();
        reader.setSoTimeout((int) WAIT.toMillis());
    }

    @AfterEach
    void close() throws Exception {
        socket.close().syncUninterruptibly();
        reader.close();
        server.close();
        socketLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        otherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aStalledReadersSocketConfirmsOnlyWhatItTookAndTheRestOnceItDrains() throws Exception {
        SocketWrites writes = on(socket.eventLoop(), () -> new SocketWrites(socket, socket.eventLoop(),
                delivered::addAndGet, failed::addAndGet));

        writeEverything(writes, socket.eventLoop());

        assertThat(delivered.get()).isLessThan(TOTAL);
        drainReader();
        await().atMost(WAIT).until(() -> delivered.get() == TOTAL);
        assertThat(failed.get()).isZero();
    }

    @Test
    void aSocketOnAnotherLoopIsConfirmedWriteByWriteOnTheTunnelsLoop() throws Exception {
        EventLoop tunnelLoop = otherLoop.next();
        SocketWrites writes = on(tunnelLoop, () -> new SocketWrites(socket, tunnelLoop, bytes -> {
            assertThat(tunnelLoop.inEventLoop()).isTrue();
            delivered.addAndGet(bytes);
        }, failed::addAndGet));

        writeEverything(writes, tunnelLoop);

        assertThat(delivered.get()).isLessThan(TOTAL);
        drainReader();
        await().atMost(WAIT).until(() -> delivered.get() == TOTAL);
    }

    @Test
    void anAbandonedStreamGetsBackWhatWasNeverConfirmedAndNothingAfterwards() throws Exception {
        SocketWrites writes = on(socket.eventLoop(), () -> new SocketWrites(socket, socket.eventLoop(),
                delivered::addAndGet, failed::addAndGet));
        writeEverything(writes, socket.eventLoop());

        long left = on(socket.eventLoop(), writes::abandon);

        assertThat(delivered.get() + left).isEqualTo(TOTAL);
        long deliveredWhenAbandoned = delivered.get();
        drainReader();
        // the drained socket's last confirmation, if any, would have run by the time this task runs
        on(socket.eventLoop(), () -> null);
        assertThat(delivered.get()).isEqualTo(deliveredWhenAbandoned);
    }

    private void writeEverything(SocketWrites writes, EventLoop loop) throws Exception {
        on(loop, () -> {
            for (int i = 0; i < CHUNKS; i++) {
                writes.write(Unpooled.wrappedBuffer(new byte[CHUNK]));
            }
            writes.flush();
            return null;
        });
    }

    private void drainReader() throws Exception {
        InputStream in = reader.getInputStream();
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        while (total < TOTAL) {
            int n = in.read(chunk);
            assertThat(n).as("bytes before EOF").isPositive();
            total += n;
        }
    }

    private static <T> T on(EventLoop loop, Callable<T> task) throws Exception {
        return loop.submit(task).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
