package dev.ktun.tunnel;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;

/**
 * The NIO socket of every ktun channel, able to half-close cheaply.
 *
 * <p>Netty's {@code shutdownOutput()} builds a {@code ChannelOutputShutdownException}, with a full stack trace, on
 * every call, to fail writes still queued. ktun half-closes a socket only once every write to it has completed, so
 * there is nothing to fail; on a stream per request that exception cost about 8 % of proxy and client CPU (perf,
 * bench T5). {@link #shutdownOutput(Channel)} shuts the socket's output directly instead.
 */
public final class StreamSocketChannel extends NioSocketChannel {

    public StreamSocketChannel() {
    }

    StreamSocketChannel(Channel parent, java.nio.channels.SocketChannel socket) {
        super(parent, socket);
    }

    /**
     * Half-closes {@code channel} (on its event loop, with every write to it completed). Any other kind of channel
     * goes through Netty's own shutdown. A socket the peer already reset fails here: it closes, as Netty would.
     */
    public static void shutdownOutput(Channel channel) {
        if (channel instanceof StreamSocketChannel socket) {
            try {
                socket.javaChannel().shutdownOutput();
            } catch (IOException e) {
                socket.close();
            }
        } else if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        }
    }
}
