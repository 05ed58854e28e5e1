package dev.ktun.tunnel;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport of every ktun channel: native epoll on Linux, NIO elsewhere (or with
 * {@code -Dktun.transport=nio}). Every event loop group and channel class comes from here, so the two never mix.
 *
 * <p>Epoll costs less CPU per message than NIO (about 10 % more requests per second through the tunnel on the bench's
 * T4) and needs {@link EpollSetKeeper} for Netty 4.2.18 to keep half-closed streams whole. See docs/protocol.md
 * ("Transport").
 */
public final class Transport {
    private static final boolean EPOLL = !"nio".equals(System.getProperty("ktun.transport")) && Epoll.isAvailable();

    private Transport() {
    }

    public static EventLoopGroup group(int threads, String name) {
        IoHandlerFactory handlers = EPOLL ? EpollSetKeeper.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlers);
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : StreamServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : StreamSocketChannel.class;
    }

    public static Class<? extends DatagramChannel> datagramChannel() {
        return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }
}
