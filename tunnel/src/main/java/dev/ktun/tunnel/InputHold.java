package dev.ktun.tunnel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what a socket delivers before the handler that consumes it is in place, then hands it over in order.
 *
 * <p>ktun's sockets read nothing until their pair is ready (AUTO_READ off): a caller's socket waits for its stream
 * or its origin connection, a dialled socket for its stream. NIO honours that. Netty's epoll transport does not when
 * the peer half-closes: on EPOLLRDHUP it reads the socket to its end whatever AUTO_READ says, and what it reads before
 * the stream or relay handler is added falls off the pipeline's tail and is lost, the FIN with it. A caller that sends
 * its request and half-closes at once then waits forever for an answer ({@code OriginRelayTest}). Installed first on
 * every such socket ({@link Sockets}); {@link #handOver} replays what it kept to the handlers added after it.
 */
public final class InputHold extends ChannelInboundHandlerAdapter {
    private final List<Object> kept = new ArrayList<>(2);

    /**
     * Replays what the socket delivered so far to the handlers after the hold, and removes it; on the socket's own
     * loop, so that nothing read meanwhile can overtake it. A socket without a hold has nothing kept.
     */
    public static void handOver(Channel socket) {
        if (socket.eventLoop().inEventLoop()) {
            InputHold hold = socket.pipeline().get(InputHold.class);
            if (hold != null) {
                socket.pipeline().remove(hold);
            }
        } else {
            socket.eventLoop().execute(() -> handOver(socket));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        kept.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE || evt == ChannelInputShutdownReadComplete.INSTANCE) {
            kept.add(evt);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // nobody behind the hold wants it yet; a read complete is implied by the replay
    }

    /** Removed by {@link #handOver}: what was kept goes on to the handlers after this one, in the order it came. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Object item : kept) {
            if (item instanceof ChannelInputShutdownEvent || item instanceof ChannelInputShutdownReadComplete) {
                ctx.fireUserEventTriggered(item);
            } else if (ctx.channel().isRegistered()) {
                ctx.fireChannelRead(item);
            } else {
                ReferenceCountUtil.release(item);
            }
        }
        if (!kept.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
        kept.clear();
    }
}
