package dev.ktun.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/** Sends without end for as long as the caller keeps the connection: the download direction (T1r). */
final class SourceHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        pump(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Fills the outbound buffer to its high water mark; writability coming back calls again. */
    private static void pump(ChannelHandlerContext ctx) {
        while (ctx.channel().isActive() && ctx.channel().isWritable()) {
            ctx.write(Payloads.chunk());
        }
        ctx.flush();
    }
}
