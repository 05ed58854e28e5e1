package dev.ktun.proxy;

import dev.ktun.tunnel.HalfClose;
import dev.ktun.tunnel.InputHold;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * One direction of a plain socket-to-socket relay (caller to origin when nobody intercepts). Both sockets share an
 * event loop; the next read happens when the previous chunk was written, so a slow side slows only its pair.
 * Half-close passes through: end of input here shuts down output there.
 */
final class SocketPipe extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final Runnable spoke;
    private final Runnable heard;

    /**
     * @param spoke told whenever bytes come in this way
     * @param heard told when they are in the peer's socket
     */
    private SocketPipe(Channel peer, Runnable spoke, Runnable heard) {
        this.peer = peer;
        this.spoke = spoke;
        this.heard = heard;
    }

    static void connect(Channel caller, Channel origin, OriginLink link) {
        caller.pipeline().addLast(new SocketPipe(origin, link::callerSpoke, link::callerHeard));
        origin.pipeline().addLast(new SocketPipe(caller, link::originSpoke, link::originHeard));
        InputHold.handOver(caller);
        InputHold.handOver(origin);
        caller.read();
        origin.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        spoke.run();
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                heard.run();
                ctx.channel().read();
            } else {
                closeOnFlush(ctx.channel());
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
                if (peer instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
                    peer.close();
                    ctx.close();
                } else {
                    HalfClose.output(peer);
                }
            });
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeOnFlush(ctx.channel());
    }

    static void closeOnFlush(Channel ch) {
        if (ch.isActive()) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
