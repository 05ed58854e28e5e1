package dev.ktun.tunnel;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

/** Accepts connections as {@link StreamSocketChannel}s, so that accepted sockets half-close as cheaply as dialled ones. */
public final class StreamServerSocketChannel extends NioServerSocketChannel {

    @Override
    protected int doReadMessages(List<Object> accepted) throws IOException {
        SocketChannel socket = javaChannel().accept();
        if (socket == null) {
            return 0;
        }
        try {
            accepted.add(new StreamSocketChannel(this, socket));
            return 1;
        } catch (RuntimeException e) {
            // The channel could not be set up (non-blocking mode refused): drop this connection, keep accepting.
            socket.close();
            return 0;
        }
    }
}
