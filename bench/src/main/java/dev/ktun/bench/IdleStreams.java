package dev.ktun.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many connections that each prove they are a live stream (one echo) and then sit idle (T7): what every open
 * connection costs the proxy and the client while nothing moves.
 */
final class IdleStreams implements AutoCloseable {
    /** Connections being opened at once: enough to be quick, few enough not to overflow accept backlogs. */
    private static final int OPENING_AT_ONCE = 256;

    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Semaphore opening = new Semaphore(OPENING_AT_ONCE);
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    private IdleStreams() {
    }

    static IdleStreams open(EventLoopGroup group, InetSocketAddress echo, int count, Duration limit)
            throws IOException, InterruptedException {
        IdleStreams streams = new IdleStreams();
        try {
            streams.openAll(new Connector(group, echo), count, System.nanoTime() + limit.toNanos());
            return streams;
        } catch (IOException | InterruptedException | RuntimeException e) {
            streams.close();
            throw e;
        }
    }

    /** Connections still open now (a closed one leaves the group). */
    int open() {
        return channels.size();
    }

    private void openAll(Connector connector, int count, long deadline) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            acquire(1, deadline, count);
            connector.connect(new Caller()).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    channels.add(f.channel());
                } else {
                    failed.incrementAndGet();
                    opening.release();
                }
            });
        }
        acquire(OPENING_AT_ONCE, deadline, count);
        if (live.get() != count) {
            throw new IOException("only " + live.get() + " of " + count + " streams are live (" + failed.get() + " failed)");
        }
    }

    private void acquire(int permits, long deadline, int count) throws IOException, InterruptedException {
        if (!opening.tryAcquire(permits, deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            throw new IOException("opening " + count + " streams took too long: " + live.get() + " live, "
                    + failed.get() + " failed");
        }
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(30, TimeUnit.SECONDS);
    }

    /** Sends one request; the echo proves the stream reaches the backend, after which the connection idles. */
    private final class Caller extends ChannelInboundHandlerAdapter {
        private int received;
        private boolean settled;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Payloads.message());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            received += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
            if (received >= Payloads.MESSAGE && !settled) {
                settled = true;
                live.incrementAndGet();
                opening.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!settled) {
                settled = true;
                failed.incrementAndGet();
                opening.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
