package dev.ktun.bench;

import dev.ktun.tunnel.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/** Dials callers for the event-driven load generators (T4, T5, T7) the way a service's client would: TCP_NODELAY on. */
final class Connector {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Bootstrap bootstrap;

    Connector(EventLoopGroup group, InetSocketAddress to) {
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(Transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .remoteAddress(to);
    }

    ChannelFuture connect(ChannelHandler handler) {
        return bootstrap.clone().handler(handler).connect();
    }
}
