package dev.ktun.tunnel;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport of every ktun channel: NIO, on every platform.
 *
 * <p>Not native epoll: with Netty 4.2.18's epoll transport, a half-closed stream (the caller shut down its output,
 * then reads a large reply) was cut short under load: the caller received an early FIN although no code of ours
 * shut its socket. The plain relay (no tunnel) showed it too, NIO never did; {@code BulkTransferTest} reproduces
 * it. See docs/protocol.md ("Transport").
 */
public final class Transport {
    private Transport() {
    }

    public static EventLoopGroup group(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return StreamServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return StreamSocketChannel.class;
    }

    public static String name() {
        return "nio";
    }
}
