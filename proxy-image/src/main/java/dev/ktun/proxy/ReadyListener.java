package dev.ktun.proxy;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Sockets;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;

/**
 * The port the kubelet's TCP readiness probe connects to: it accepts and closes, and is bound only after every other
 * listener, so an answer means the proxy serves. The probe must not use a route port: once a developer claimed it,
 * every probe would become a stream to the developer's machine, an empty connection to their app every period.
 */
final class ReadyListener extends ChannelInitializer<SocketChannel> {

    static ChannelFuture bind(EventLoopGroup group, HostPort address) {
        return Sockets.listen(group, address.toAddress(), new ReadyListener());
    }

    @Override
    protected void initChannel(SocketChannel probe) {
        probe.close();
    }
}
