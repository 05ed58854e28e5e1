package dev.ktun.tunnel;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * Plain TCP sockets at the ends of streams and relays: dialled on the event loop of whatever they will be paired
 * with, not reading until their pair is ready, allowed to half-close.
 */
public final class Sockets {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private Sockets() {
    }

    /**
     * Listens for connections that become stream ends or relay halves: accepted sockets read nothing until their
     * pair is ready (what epoll reads anyway is kept for it, see {@link InputHold}), may half-close, and send small
     * writes at once.
     */
    public static ChannelFuture listen(EventLoopGroup group, SocketAddress address, ChannelInitializer<SocketChannel> onAccept) {
        return new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(TunnelPipeline.INPUT_HOLD, new InputHold()).addLast(onAccept);
                    }
                })
                .bind(address);
    }

    public static ChannelFuture dial(EventLoop loop, String host, int port) {
        return new Bootstrap()
                .group(loop)
                .channel(Transport.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .handler(new InputHold())
                .connect(host, port);
    }

    /**
     * Dials {@code host:port} for a stream the peer opened: attaches on success, resets with the reason otherwise.
     * The returned future tells the caller which, for its own log.
     */
    public static ChannelFuture dialFor(TunnelStream stream, String host, int port, String what) {
        return dial(stream.session().channel().eventLoop(), host, port).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                stream.attach(f.channel());
            } else {
                stream.reset(ErrorCode.UNREACHABLE, "cannot reach " + what + " " + host + ":" + port + ": " + describe(f.cause()));
            }
        });
    }

    public static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
