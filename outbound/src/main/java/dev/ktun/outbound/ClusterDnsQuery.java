package dev.ktun.outbound;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.StreamTarget;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * One question to the cluster's own DNS server, asked from inside the cluster: over TCP through the tunnel, which the
 * proxy dials like any Service. A developer bound to one namespace may read nothing in kube-system, but the cluster's
 * DNS answers any pod, so this is how ktun learns what only the cluster knows (its domain, see
 * {@link ClusterDomain#fromServiceName}). The query travels through a loopback listener that exists only for it,
 * since a tunnel stream is bound to a socket.
 */
public final class ClusterDnsQuery {
    private static final long TUNNEL_POLL_MILLIS = 50;

    private ClusterDnsQuery() {
    }

    /**
     * Sends {@code query} to {@code server} as the proxy resolves and dials it.
     *
     * @param tunnelUp how long to wait for a tunnel (it may still be connecting)
     * @param answer   how long the answer may take once the tunnel is up
     */
    public static Message ask(Supplier<TunnelSession> tunnel, HostPort server, Message query, Duration tunnelUp,
                              Duration answer) throws IOException {
        TunnelSession session = await(tunnel, tunnelUp);
        EventLoopGroup group = Transport.group(1, "ktun-cluster-dns");
        try {
            Channel relay = relay(group, session, server);
            try {
                SimpleResolver resolver = new SimpleResolver((InetSocketAddress) relay.localAddress());
                resolver.setTCP(true);
                resolver.setTimeout(answer);
                return resolver.send(query);
            } finally {
                relay.close().awaitUninterruptibly();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static TunnelSession await(Supplier<TunnelSession> tunnel, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        for (TunnelSession session = tunnel.get(); ; session = tunnel.get()) {
            if (session != null && session.isOpen()) {
                return session;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no tunnel to the proxy within " + within.toSeconds() + " s");
            }
            try {
                Thread.sleep(TUNNEL_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the tunnel", e);
            }
        }
    }

    private static Channel relay(EventLoopGroup group, TunnelSession session, HostPort server) throws IOException {
        ChannelFuture bound = Sockets.listen(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        session.open(StreamTarget.dial(server.host(), server.port()), ch);
                    }
                }).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on loopback to relay a DNS query: " + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }
}
