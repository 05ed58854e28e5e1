package dev.ktun.client;

import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.StreamTarget;
import dev.ktun.tunnel.TunnelSession;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.function.Supplier;

/** Listens on a local address; every connection becomes a stream the proxy dials to the forward's target. */
final class LocalForward extends ChannelInitializer<SocketChannel> {
    private final Forward forward;
    private final Supplier<TunnelSession> tunnel;
    private final TunnelEvents events;

    LocalForward(Forward forward, Supplier<TunnelSession> tunnel, TunnelEvents events) {
        this.forward = forward;
        this.tunnel = tunnel;
        this.events = events;
    }

    ChannelFuture bind(EventLoopGroup group) {
        return Sockets.listen(group, forward.listen().toAddress(), this);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        TunnelSession session = tunnel.get();
        if (session == null) {
            events.dropped(forward.target().toString());
            ch.close();
            return;
        }
        session.open(StreamTarget.dial(forward.target().host(), forward.target().port()), ch);
    }
}
