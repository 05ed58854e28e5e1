package dev.ktun.proxy;

import dev.ktun.tunnel.StreamTarget;
import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.TunnelSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a route's port. Each connection goes, at the moment it arrives, to the tunnel that claimed the port,
 * or else to the origin: a developer who vanished costs new callers nothing.
 */
final class RouteListener extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteListener.class);

    private final Route route;
    private final Claims claims;
    private final OriginLinks origins;

    RouteListener(Route route, Claims claims) {
        this.route = route;
        this.claims = claims;
        this.origins = new OriginLinks(route.listenPort());
    }

    /** The port was just claimed: callers kept alive on the origin move over as they go idle. */
    void claimed(EventLoopGroup group) {
        origins.moveToClaimant(group, () -> claims.claimant(route.listenPort()) != null);
    }

    /** The proxy stops: its origin connections end as each goes idle. */
    void drain(EventLoopGroup group) {
        origins.drain(group);
    }

    /** No caller is relayed to the origin any more. */
    boolean drained() {
        return origins.isEmpty();
    }

    ChannelFuture bind(EventLoopGroup group, String bindHost) {
        return Sockets.listen(group, new InetSocketAddress(bindHost, route.listenPort()), this);
    }

    @Override
    protected void initChannel(SocketChannel caller) {
        TunnelSession claimant = claims.claimant(route.listenPort());
        if (claimant != null) {
            claimant.open(StreamTarget.claimedRoute(route.listenPort(), String.valueOf(caller.remoteAddress())), caller);
        } else {
            toOrigin(caller);
        }
    }

    private void toOrigin(Channel caller) {
        Sockets.dial(caller.eventLoop(), route.origin().host(), route.origin().port()).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                SocketPipe.connect(caller, f.channel(), origins.add(caller));
            } else {
                LOG.warn("route {}: origin unreachable: {}", route, f.cause().toString());
                caller.close();
            }
        });
    }
}
