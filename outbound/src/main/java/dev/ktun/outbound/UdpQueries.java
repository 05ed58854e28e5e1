package dev.ktun.outbound;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** One datagram, one answer (or none). An answer the socket cannot take now is dropped: the client will retry. */
final class UdpQueries extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Resolver resolver;

    UdpQueries(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        InetSocketAddress sender = packet.sender();
        resolver.answer(ByteBufUtil.getBytes(packet.content()), false).thenAccept(answer -> {
            if (answer == null) {
                return;
            }
            // Cluster names are answered right here on the loop; forwarded ones complete on dnsjava's thread.
            if (ctx.executor().inEventLoop()) {
                send(ctx, answer, sender);
            } else {
                ctx.executor().execute(() -> send(ctx, answer, sender));
            }
        });
    }

    private static void send(ChannelHandlerContext ctx, byte[] answer, InetSocketAddress to) {
        if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), to), ctx.voidPromise());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // An ICMP error from an earlier answer's client (PortUnreachable) must not close the resolver's socket.
    }
}
