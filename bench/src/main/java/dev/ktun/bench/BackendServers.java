package dev.ktun.bench;

import dev.ktun.tunnel.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** The sink, source and echo servers on 127.0.0.1 ephemeral ports, all on one event loop group. */
final class BackendServers {
    private BackendServers() {
    }

    static BackendPorts start(EventLoopGroup group) throws InterruptedException {
        return new BackendPorts(
                listen(group, SinkHandler::new, true),
                listen(group, SourceHandler::new, false),
                listen(group, () -> EchoHandler.INSTANCE, false));
    }

    private static int listen(EventLoopGroup group, Supplier<ChannelHandler> handler, boolean halfClosure)
            throws InterruptedException {
        var bound = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel())
                // T7 opens 10,000 connections in bursts; a short backlog would turn them into SYN retries.
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(handler.get());
                    }
                })
                .bind("127.0.0.1", 0)
                .sync();
        return ((InetSocketAddress) bound.channel().localAddress()).getPort();
    }
}
