package dev.ktun.tunnel;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;

/** The NIO socket of every ktun channel where NIO is the transport: one that {@link HalfClose} can half-close cheaply. */
public final class StreamSocketChannel extends NioSocketChannel {

    public StreamSocketChannel() {
    }

    StreamSocketChannel(Channel parent, java.nio.channels.SocketChannel socket) {
        super(parent, socket);
    }

    void shutdownOutputNow() throws IOException {
        javaChannel().shutdownOutput();
    }
}
