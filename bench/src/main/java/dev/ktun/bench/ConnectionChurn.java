package dev.ktun.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A new connection per request (HTTP's Connection: close): connect, send, read the answer, close, and again (T5).
 * Through ktun each one is a stream opened, used and ended. Several callers run at once, each a thread with a
 * blocking socket: per connection that costs the load generator about half the CPU of an event loop, which must
 * set up and tear down a channel each time, so the direct figure shows the path's limit, not the generator's.
 */
final class ConnectionChurn {
    private static final Duration PER_CONNECTION_LIMIT = Duration.ofSeconds(10);

    private final InetSocketAddress echo;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean stopping;

    record Result(double connectionsPerSecond, long failures) {
    }

    private ConnectionChurn(InetSocketAddress echo) {
        this.echo = echo;
    }

    static Result run(InetSocketAddress echo, int callers, Duration warmup, Duration duration) throws InterruptedException {
        return new ConnectionChurn(echo).measure(callers, warmup, duration);
    }

    private Result measure(int callers, Duration warmup, Duration duration) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                Thread caller = new Thread(this::callRepeatedly, "bench-churn-" + i);
                caller.setDaemon(true);
                caller.start();
                threads.add(caller);
            }
            Thread.sleep(warmup.toMillis());
            long before = completed.sum();
            long failedBefore = failed.sum();
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            long done = completed.sum() - before;
            long elapsed = System.nanoTime() - start;
            return new Result(done * 1e9 / elapsed, failed.sum() - failedBefore);
        } finally {
            stopping = true;
            for (Thread caller : threads) {
                caller.join(PER_CONNECTION_LIMIT.toMillis());
            }
        }
    }

    private void callRepeatedly() {
        ByteBuffer request = ByteBuffer.allocateDirect(Payloads.MESSAGE);
        ByteBuffer response = ByteBuffer.allocateDirect(Payloads.MESSAGE);
        while (!stopping) {
            try {
                callOnce(request, response);
                completed.increment();
            } catch (IOException e) {
                failed.increment();
            }
        }
    }

    private void callOnce(ByteBuffer request, ByteBuffer response) throws IOException {
        try (SocketChannel ch = SocketChannel.open(); Watchdog watchdog = Watchdog.closeAfter(ch, PER_CONNECTION_LIMIT)) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(echo);
            EchoExchange.roundTrip(ch, request, response);
        }
    }
}
