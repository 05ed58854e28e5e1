package dev.ktun.outbound;

import dev.ktun.tunnel.Sockets;
import dev.ktun.tunnel.StreamTarget;
import dev.ktun.tunnel.TunnelSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One local listener per Service port, following the catalog: new ones are bound, gone ones closed. Each accepted
 * connection becomes a stream over whatever tunnel is current, so a reconnected tunnel serves the next connection.
 */
public final class ServiceListeners implements AutoCloseable {
    private static final int PRIVILEGED_BELOW = 1024;

    private final EventLoopGroup group;
    private final Supplier<TunnelSession> tunnel;
    private final OutboundEvents events;
    private final Map<Binding, Channel> bound = new HashMap<>();
    private final Map<Binding, SkippedPort> skipped = new LinkedHashMap<>();

    public ServiceListeners(EventLoopGroup group, Supplier<TunnelSession> tunnel, OutboundEvents events) {
        this.group = group;
        this.tunnel = tunnel;
        this.events = events;
    }

    /** Makes the listeners exactly {@code desired}. A port that could not be bound is reported once and not retried until it leaves the catalog and comes back. */
    public synchronized void follow(Collection<Binding> desired) {
        for (Binding gone : new ArrayList<>(bound.keySet())) {
            if (!desired.contains(gone)) {
                bound.remove(gone).close().awaitUninterruptibly();
                events.stopped(gone);
            }
        }
        skipped.keySet().retainAll(desired);
        for (Binding binding : desired) {
            if (!bound.containsKey(binding) && !skipped.containsKey(binding)) {
                bind(binding);
            }
        }
    }

    private void bind(Binding binding) {
        ChannelFuture future = Sockets.listen(group, binding.local(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                TunnelSession session = tunnel.get();
                if (session == null || !session.isOpen()) {
                    events.dropped(binding);
                    ch.close();
                    return;
                }
                session.open(StreamTarget.dial(binding.target().host(), binding.target().port()), ch);
            }
        }).awaitUninterruptibly();
        if (future.isSuccess()) {
            bound.put(binding, future.channel());
            events.listening(binding);
        } else {
            String reason = String.valueOf(future.cause().getMessage());
            // NIO and epoll both say it this way for EACCES; a refused port above the limit is not about privilege.
            boolean privileged = binding.port() < PRIVILEGED_BELOW && reason.contains("Permission denied");
            SkippedPort skip = new SkippedPort(binding, reason, privileged);
            skipped.put(binding, skip);
            events.skipped(skip);
        }
    }

    public synchronized List<Binding> bound() {
        return List.copyOf(bound.keySet());
    }

    public synchronized List<SkippedPort> skipped() {
        return List.copyOf(skipped.values());
    }

    @Override
    public synchronized void close() {
        follow(List.of());
    }
}
