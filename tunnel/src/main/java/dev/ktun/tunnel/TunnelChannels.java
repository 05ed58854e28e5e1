package dev.ktun.tunnel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.SocketAddress;
import java.time.Duration;

/** Listens for tunnels (proxy) and dials them (client), with the tunnel pipeline of {@link TunnelPipeline}. */
public final class TunnelChannels {
    /** Past this much unsent data the tunnel counts as full and streams stop reading their sockets. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 512 * 1024);
    /**
     * Kernel buffers of the tunnel socket, fixed instead of auto-tuned: receive buffers may grow to tens of MiB,
     * and a small request queued behind that much bulk waits tens of milliseconds. 1 MiB keeps the wait near a
     * millisecond and was no slower for bulk (docs/benchmarks.md, T6). The tunnel socket is always a local hop
     * (loopback, or the port-forward inside the pod), so long fat networks never see this buffer.
     */
    private static final int SOCKET_BUFFER = 1024 * 1024;

    private TunnelChannels() {
    }

    public static ChannelFuture listen(EventLoopGroup group, SocketAddress address, TunnelSettings settings,
                                       TokenCheck tokens, SessionListener listener) {
        return new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .childOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, readAllocator())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        addCodec(ch);
                        ch.pipeline().addLast(TunnelPipeline.HANDSHAKE, new ServerHandshake(settings, tokens, listener));
                    }
                })
                .bind(address);
    }

    /** Connects and completes the handshake; the future fails with {@link TunnelRefusedException} if refused. */
    public static Future<TunnelSession> dial(EventLoopGroup group, SocketAddress endpoint, byte[] token,
                                             TunnelSettings settings, SessionListener listener, Duration connectTimeout) {
        Promise<TunnelSession> result = group.next().newPromise();
        ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.RCVBUF_ALLOCATOR, readAllocator())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        addCodec(ch);
                        ch.pipeline().addLast(TunnelPipeline.HANDSHAKE, new ClientHandshake(settings, token, listener, result));
                    }
                })
                .connect(endpoint);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    private static void addCodec(Channel ch) {
        ch.pipeline()
                .addLast(TunnelPipeline.FRAME_DECODER, new FrameDecoder(FrameDecoder.MAX_HANDSHAKE_PAYLOAD))
                .addLast(TunnelPipeline.FRAME_ENCODER, FrameEncoder.INSTANCE);
    }

    /** Large reads on the tunnel: many frames per syscall when busy; payloads are sliced out, not copied. */
    private static AdaptiveRecvByteBufAllocator readAllocator() {
        return new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 256 * 1024);
    }
}
