package dev.ktun.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many keep-alive connections, each with one request in flight, answered requests counted and timed (T4): a busy
 * service's callers. Closed loop: each connection sends its next request when the answer arrives.
 */
final class EchoLoad {
    private final Recorder recorder = new Recorder(3);
    private volatile boolean stopping;

    record Result(double requestsPerSecond, Histogram latency) {
    }

    private EchoLoad() {
    }

    static Result run(EventLoopGroup group, InetSocketAddress echo, int connections, Duration warmup, Duration duration)
            throws IOException, InterruptedException {
        return new EchoLoad().measure(new Connector(group, echo), connections, warmup, duration);
    }

    private Result measure(Connector connector, int connections, Duration warmup, Duration duration)
            throws IOException, InterruptedException {
        List<Channel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                ChannelFuture connected = connector.connect(new Caller());
                if (!connected.await(Connector.CONNECT_TIMEOUT_MILLIS) || !connected.isSuccess()) {
                    throw new IOException("connection " + i + " of " + connections + " failed: " + connected.cause());
                }
                channels.add(connected.channel());
            }
            Thread.sleep(warmup.toMillis());
            recorder.getIntervalHistogram();
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            Histogram measured = recorder.getIntervalHistogram();
            long elapsed = System.nanoTime() - start;
            long dead = channels.stream().filter(ch -> !ch.isActive()).count();
            if (dead > 0) {
                throw new IOException(dead + " of " + connections + " connections closed during the run");
            }
            return new Result(measured.getTotalCount() * 1e9 / elapsed, measured);
        } finally {
            stopping = true;
            for (Channel ch : channels) {
                ch.close().await(Connector.CONNECT_TIMEOUT_MILLIS);
            }
        }
    }

    /** One connection's loop: send, wait for the whole answer, record, send again. */
    private final class Caller extends ChannelInboundHandlerAdapter {
        private long sentAt;
        private int pending;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            pending += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
            if (pending >= Payloads.MESSAGE) {
                pending -= Payloads.MESSAGE;
                recorder.recordValue(System.nanoTime() - sentAt);
                if (!stopping) {
                    send(ctx);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void send(ChannelHandlerContext ctx) {
            sentAt = System.nanoTime();
            ctx.writeAndFlush(Payloads.message());
        }
    }
}
