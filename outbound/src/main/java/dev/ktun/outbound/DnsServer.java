package dev.ktun.outbound;

import dev.ktun.tunnel.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The resolver on the network: UDP and TCP on the same address and port (clients retry a truncated UDP answer over
 * TCP at the same place), on the transport of every ktun socket ({@link Transport}).
 */
public final class DnsServer implements AutoCloseable {
    /** Larger than any sane query (EDNS clients announce 1232-4096 for answers, queries stay far smaller). */
    private static final int MAX_DATAGRAM = 4096;
    private static final int MAX_TCP_CONNECTIONS = 128;
    private static final int MAX_PIPELINED = 16;
    private static final Duration TCP_IDLE = Duration.ofSeconds(10);
    private static final int BIND_ATTEMPTS = 5;

    private final Channel udp;
    private final Channel tcp;

    private DnsServer(Channel udp, Channel tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /** Binds UDP and TCP at {@code listen}; port 0 picks one free for both. */
    public static DnsServer start(InetSocketAddress listen, Resolver resolver, EventLoopGroup group) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            Channel udp = bindUdp(listen, resolver, group);
            InetSocketAddress bound = (InetSocketAddress) udp.localAddress();
            ChannelFuture tcp = bindTcp(bound, resolver, group).awaitUninterruptibly();
            if (tcp.isSuccess()) {
                return new DnsServer(udp, tcp.channel());
            }
            udp.close().awaitUninterruptibly();
            last = new IOException("cannot listen for DNS over TCP on " + bound + ": " + tcp.cause().getMessage(), tcp.cause());
            if (listen.getPort() != 0) {
                break; // a fixed port that TCP cannot have will not free itself on a retry
            }
        }
        throw last;
    }

    private static Channel bindUdp(InetSocketAddress listen, Resolver resolver, EventLoopGroup group) throws IOException {
        ChannelFuture bind = new Bootstrap()
                .group(group)
                .channel(Transport.datagramChannel())
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .handler(new UdpQueries(resolver))
                .bind(listen)
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IOException("cannot listen for DNS over UDP on " + listen + ": " + bind.cause().getMessage(), bind.cause());
        }
        return bind.channel();
    }

    private static ChannelFuture bindTcp(InetSocketAddress listen, Resolver resolver, EventLoopGroup group) {
        TcpConnectionLimit limit = new TcpConnectionLimit(MAX_TCP_CONNECTIONS);
        return new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(limit)
                                .addLast(new IdleStateHandler(0, 0, TCP_IDLE.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new LengthFieldBasedFrameDecoder(0xffff + 2, 0, 2, 0, 2))
                                .addLast(new LengthFieldPrepender(2))
                                .addLast(new TcpQueries(resolver, MAX_PIPELINED));
                    }
                })
                .bind(listen);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) udp.localAddress();
    }

    @Override
    public void close() {
        udp.close().awaitUninterruptibly();
        tcp.close().awaitUninterruptibly();
    }
}
