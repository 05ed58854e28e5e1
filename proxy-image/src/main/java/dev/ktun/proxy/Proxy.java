package dev.ktun.proxy;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.TokenCheck;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelChannels;
import dev.ktun.tunnel.TunnelSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running proxy: the tunnel listener, one listener per route and, in a pod, the readiness listener. */
public final class Proxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);
    private static final long TOKEN_FILE_POLL_MILLIS = 1000;
    private static final long DRAIN_LOOK_MILLIS = 50;

    /**
     * @param tokenFile a file of accepted hashes, re-read while running; null for none
     * @param routeBind the address route listeners bind (all interfaces in a pod)
     * @param readyListen where the readiness probe connects ({@link ReadyListener}); null for none
     */
    public record Config(HostPort tunnelListen, Set<String> tokenHashes, Path tokenFile, List<Route> routes,
                         String routeBind, int ioThreads, TunnelSettings settings, HostPort readyListen) {

        /** A proxy nobody probes: run by hand, in tests, or where its owner watches it otherwise. */
        public Config(HostPort tunnelListen, Set<String> tokenHashes, Path tokenFile, List<Route> routes, String routeBind,
                      int ioThreads, TunnelSettings settings) {
            this(tunnelListen, tokenHashes, tokenFile, routes, routeBind, ioThreads, settings, null);
        }
    }

    private final EventLoopGroup group;
    /** In the order they were bound. */
    private final List<Channel> listeners;
    private final Channel tunnelListener;
    private final Channel readyListener;
    private final List<RouteListener> routes;
    private final ProxySessions sessions;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Proxy(EventLoopGroup group, Channel tunnelListener, List<Channel> listeners, Channel readyListener,
                  List<RouteListener> routes, ProxySessions sessions) {
        this.group = group;
        this.tunnelListener = tunnelListener;
        this.listeners = listeners;
        this.readyListener = readyListener;
        this.routes = routes;
        this.sessions = sessions;
    }

    /** Binds everything or fails with a message that names the address that could not be bound. */
    public static Proxy start(Config config) throws InterruptedException {
        EventLoopGroup group = Transport.group(config.ioThreads(), "ktun-proxy-io");
        List<Channel> bound = new ArrayList<>();
        try {
            TokenCheck tokens = TokenCheck.ofHexHashes(config.tokenHashes());
            if (config.tokenFile() != null) {
                TokenFile file = new TokenFile(config.tokenFile(), config.tokenHashes(), tokens);
                file.reload();
                file.reloadEvery(group, TOKEN_FILE_POLL_MILLIS);
            }
            Map<Integer, RouteListener> listeners = new HashMap<>();
            Claims claims = new Claims(config.routes().stream().map(Route::listenPort).collect(Collectors.toSet()),
                    port -> listeners.get(port).claimed(group));
            ProxySessions sessions = new ProxySessions(claims);
            for (Route route : config.routes()) {
                RouteListener listener = new RouteListener(route, claims);
                listeners.put(route.listenPort(), listener);
                bound.add(bindOrExplain(listener.bind(group, config.routeBind()).await(),
                        config.routeBind() + ":" + route.listenPort() + " (route " + route + ")"));
            }
            Channel tunnel = bindOrExplain(TunnelChannels.listen(group, config.tunnelListen().toAddress(), config.settings(),
                    tokens, sessions).await(), config.tunnelListen() + " (tunnel)");
            bound.add(tunnel);
            Channel ready = null;
            if (config.readyListen() != null) {
                ready = bindOrExplain(ReadyListener.bind(group, config.readyListen()).await(), config.readyListen() + " (readiness)");
                bound.add(ready);
            }
            LOG.info("ktun proxy listening for tunnels on {} ({}), routes {}", tunnel.localAddress(), Transport.name(),
                    config.routes());
            return new Proxy(group, tunnel, bound, ready, List.copyOf(listeners.values()), sessions);
        } catch (RuntimeException | InterruptedException e) {
            bound.forEach(Channel::close);
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static Channel bindOrExplain(ChannelFuture future, String what) {
        if (!future.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + what + ": " + future.cause().getMessage(), future.cause());
        }
        return future.channel();
    }

    /** Where the tunnel listener is bound (its real port when configured with port 0). */
    public HostPort tunnelEndpoint() {
        return boundTo(tunnelListener);
    }

    /** Where the readiness listener is bound, if there is one. */
    public Optional<HostPort> readyEndpoint() {
        return Optional.ofNullable(readyListener).map(Proxy::boundTo);
    }

    private static HostPort boundTo(Channel listener) {
        InetSocketAddress address = (InetSocketAddress) listener.localAddress();
        return new HostPort(address.getHostString(), address.getPort());
    }

    /**
     * Stops as a pod should on SIGTERM, without a caller losing an answer: the readiness port closes at once; routes and
     * tunnels keep working for {@code linger}, while the Service's endpoints still name this pod; then no new caller
     * or tunnel is taken, and the callers already carried finish, for up to {@code drain}: origin connections close as
     * each goes idle, tunnels leave in order. Then everything closes.
     */
    public void stop(Duration linger, Duration drain) throws InterruptedException {
        if (readyListener != null) {
            readyListener.close().await();
        }
        LOG.info("ktun proxy stopping: still routing for {} s, then finishing what it carries for up to {} s",
                linger.toSeconds(), drain.toSeconds());
        Thread.sleep(linger.toMillis());
        for (Channel listener : listeners) {
            listener.close().await();
        }
        routes.forEach(route -> route.drain(group));
        sessions.leaveAll("the proxy is stopping", drain);
        long deadline = System.nanoTime() + drain.toNanos();
        while (!finished() && System.nanoTime() < deadline) {
            Thread.sleep(DRAIN_LOOK_MILLIS);
        }
        if (!finished()) {
            LOG.info("ktun proxy stopping: callers still connected after {} s are cut", drain.toSeconds());
        }
        close();
    }

    private boolean finished() {
        return sessions.none() && routes.stream().allMatch(RouteListener::drained);
    }

    /** Closes everything at once, cutting what is carried; again is a no-op. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The reverse of binding: the readiness probe gets no answer from a proxy that no longer serves everything.
        for (int i = listeners.size() - 1; i >= 0; i--) {
            listeners.get(i).close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
