package dev.ktun.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/** Sits on a stream's local socket and hands its events to the stream on the tunnel's event loop. */
final class StreamRelay extends ChannelInboundHandlerAdapter {
    private final TunnelStream stream;

    StreamRelay(TunnelStream stream) {
        this.stream = stream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            // Per read on the data path: no task object when the socket shares the tunnel's loop (the usual case).
            if (stream.session().inLoop()) {
                stream.onLocalRead(buf);
            } else {
                stream.session().onLoop(() -> stream.onLocalRead(buf));
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            stream.session().onLoop(stream::onLocalEof);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stream.session().onLoop(stream::onLocalClosed);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or broken pipe on the local socket ends this stream only; channelInactive tells the peer.
        stream.session().log().debug("stream {} local socket failed: {}", stream.id(), cause.toString());
        ctx.close();
    }
}
