package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Pings the peer every interval, answers its pings, measures the round trip, and declares the tunnel dead when
 * nothing at all arrived for the timeout: a laptop that sleeps or loses the network is noticed in seconds.
 */
final class KeepAlive extends ChannelInboundHandlerAdapter {
    private final long intervalNanos;
    private final long timeoutNanos;
    private ScheduledFuture<?> ticker;
    private long lastReadNanos;
    private volatile long rttNanos;

    KeepAlive(Duration interval, Duration timeout) {
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
    }

    long rttNanos() {
        return rttNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastReadNanos = System.nanoTime();
        ticker = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        ping(ctx, 0, System.nanoTime());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ticker.cancel(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ticker.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        if (msg instanceof Frame frame && frame.type() == FrameType.PING) {
            try {
                long sent = frame.payload().getLong(frame.payload().readerIndex());
                if (frame.hasFlag(Frame.FLAG_ACK)) {
                    rttNanos = Math.max(0, lastReadNanos - sent);
                } else {
                    ping(ctx, Frame.FLAG_ACK, sent);
                }
            } finally {
                frame.release();
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void tick(ChannelHandlerContext ctx) {
        long silent = System.nanoTime() - lastReadNanos;
        if (silent > timeoutNanos) {
            ctx.fireExceptionCaught(new ProtocolException(ErrorCode.TIMEOUT,
                    "nothing heard from the peer for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms"));
            ticker.cancel(false);
            return;
        }
        ping(ctx, 0, System.nanoTime());
    }

    private void ping(ChannelHandlerContext ctx, int flags, long payload) {
        ByteBuf buf = ctx.alloc().buffer(8).writeLong(payload);
        ctx.writeAndFlush(new Frame(FrameType.PING, flags, 0, buf), ctx.voidPromise());
    }
}
