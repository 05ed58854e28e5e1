package dev.ktun.outbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * DNS over TCP: pipelined queries (RFC 7766), answered as they complete; reading pauses while {@code maxPipelined}
 * answers are outstanding. A query that must be dropped (no readable header) ends the connection, as a TCP client
 * would otherwise wait for it.
 */
final class TcpQueries extends SimpleChannelInboundHandler<ByteBuf> {
    private final Resolver resolver;
    private final int maxPipelined;
    private int pending;

    TcpQueries(Resolver resolver, int maxPipelined) {
        this.resolver = resolver;
        this.maxPipelined = maxPipelined;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (++pending >= maxPipelined) {
            ctx.channel().config().setAutoRead(false);
        }
        resolver.answer(ByteBufUtil.getBytes(frame), true).whenComplete((answer, failure) -> ctx.executor().execute(() -> {
            pending--;
            ctx.channel().config().setAutoRead(true);
            if (answer == null) {
                ctx.close();
            } else {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
        }));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
