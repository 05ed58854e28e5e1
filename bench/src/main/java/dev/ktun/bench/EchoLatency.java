package dev.ktun.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * One keep-alive connection with one small request in flight, timed per round trip: what a single RPC-style caller
 * feels (T3), also while a bulk stream fills the tunnel (T6). A blocking socket on its own thread: the lowest-noise
 * way to wait for one answer.
 */
final class EchoLatency implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(30);

    private final SocketChannel ch;
    private final ByteBuffer request = ByteBuffer.allocateDirect(Payloads.MESSAGE);
    private final ByteBuffer response = ByteBuffer.allocateDirect(Payloads.MESSAGE);

    private EchoLatency(SocketChannel ch) {
        this.ch = ch;
    }

    static EchoLatency connect(InetSocketAddress echo) throws IOException {
        SocketChannel ch = SocketChannel.open(echo);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new EchoLatency(ch);
    }

    /** {@code count} round trips, back to back; nanoseconds each. */
    Histogram roundTrips(int count, Duration limit) throws IOException {
        return run(count, Long.MAX_VALUE, limit);
    }

    /** Round trips back to back for {@code duration}; nanoseconds each. */
    Histogram roundTripsFor(Duration duration) throws IOException {
        return run(Integer.MAX_VALUE, System.nanoTime() + duration.toNanos(), duration);
    }

    private Histogram run(int count, long endNanos, Duration limit) throws IOException {
        Histogram histogram = new Histogram(3);
        try (Watchdog watchdog = Watchdog.closeAfter(ch, limit.plus(GRACE))) {
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                if (start >= endNanos) {
                    break;
                }
                roundTrip();
                histogram.recordValue(System.nanoTime() - start);
            }
        }
        return histogram;
    }

    private void roundTrip() throws IOException {
        EchoExchange.roundTrip(ch, request, response);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
