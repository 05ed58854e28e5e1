package dev.ktun.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One connection moving bytes one way as fast as it goes (T1, T1r, the bulk half of T6). Plain blocking NIO with a
 * direct buffer: one syscall per 256 KiB keeps the load generator's own cost far below the path's.
 */
final class BulkTransfer {
    /** Time for the sink's answer after our FIN, and for a stalled path to count as failed. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private BulkTransfer() {
    }

    /** Sends to a sink for {@code duration}; the sink's count over the time until it arrived is the throughput. */
    static Throughput upload(InetSocketAddress sink, Duration duration) throws IOException {
        try (SocketChannel ch = SocketChannel.open(sink); Watchdog watchdog = Watchdog.closeAfter(ch, duration.plus(GRACE))) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer chunk = ByteBuffer.allocateDirect(Payloads.CHUNK);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
            }
            ch.shutdownOutput();
            ByteBuffer count = ByteBuffer.allocate(Long.BYTES);
            while (count.hasRemaining()) {
                if (ch.read(count) < 0) {
                    throw new IOException("the sink closed without telling how much arrived");
                }
            }
            return new Throughput(count.flip().getLong(), System.nanoTime() - start);
        }
    }

    /** Reads from a source for {@code duration}, timed from the first byte (stream setup is T5's business). */
    static Throughput download(InetSocketAddress source, Duration duration) throws IOException {
        try (SocketChannel ch = SocketChannel.open(source); Watchdog watchdog = Watchdog.closeAfter(ch, duration.plus(GRACE))) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(Payloads.CHUNK);
            readSome(ch, chunk);
            long received = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long now;
            while ((now = System.nanoTime()) < end) {
                received += readSome(ch, chunk);
            }
            return new Throughput(received, now - start);
        }
    }

    private static int readSome(SocketChannel ch, ByteBuffer chunk) throws IOException {
        chunk.clear();
        int n = ch.read(chunk);
        if (n < 0) {
            throw new IOException("the source closed the connection");
        }
        return n;
    }
}
