package dev.ktun.tunnel;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import java.io.IOException;

/**
 * Half-closes ktun's sockets without Netty's {@code shutdownOutput()}, which builds a
 * {@code ChannelOutputShutdownException}, with a full stack trace, on every call, to fail writes still queued. ktun
 * half-closes a socket only once every write to it has completed, so there is nothing to fail; on a stream per
 * request that exception cost about 8 % of proxy and client CPU (perf, bench T5).
 */
public final class HalfClose {
    private HalfClose() {
    }

    /**
     * Shuts down {@code channel}'s output (on its event loop, with every write to it completed). A socket the peer
     * already reset fails here and is closed, as Netty would. Other kinds of channel go through Netty's own shutdown.
     */
    public static void output(Channel channel) {
        try {
            if (channel instanceof AbstractEpollStreamChannel epoll) {
                ((Socket) epoll.fd()).shutdown(false, true);
            } else if (channel instanceof StreamSocketChannel nio) {
                nio.shutdownOutputNow();
            } else if (channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
        } catch (IOException e) {
            channel.close();
        }
    }
}
