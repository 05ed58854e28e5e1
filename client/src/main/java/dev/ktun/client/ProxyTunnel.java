package dev.ktun.client;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelRefusedException;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one tunnel of {@code ktun intercept} and {@code ktun connect}: through a Kubernetes API port-forward to whichever
 * proxy pod is current ({@link PortForwardBridge}), or straight to {@code --tunnel-endpoint}; kept up by a
 * {@link TunnelClient} that reconnects when it drops. A refused token ends the run.
 */
final class ProxyTunnel implements AutoCloseable {
    /**
     * How long a proxy may take to load a new token hash from its ConfigMap (the kubelet refreshes it in about a second,
     * the proxy reads it every second): an intercept's tunnel starts as soon as the operator admitted it.
     */
    private static final Duration TOKEN_PROPAGATION = Duration.ofSeconds(15);

    private final EventLoopGroup group = Transport.group(1, "ktun-io");
    private final PortForwardBridge bridge;
    private final HostPort direct;
    private final TunnelClient tunnel;

    /**
     * @param proxy  the proxy pod to port-forward to now (asked again on every reconnect)
     * @param direct {@code --tunnel-endpoint}, or null to port-forward
     * @param events the tunnel's events, given how the tunnel reaches the proxy now
     * @param end    told when the tunnel can never work: port-forward forbidden, token refused
     */
    ProxyTunnel(KubernetesClient client, Supplier<Optional<PortForwardBridge.PodPort>> proxy, HostPort direct, String token,
                List<PortClaim> claims, Function<Supplier<String>, TunnelEvents> events, Console console, Consumer<Ending> end)
            throws IOException {
        this.direct = direct;
        this.bridge = new PortForwardBridge(client, proxy, console, e -> end.accept(Ending.failed(e)));
        try {
            HostPort endpoint = direct != null ? direct : bridge.start();
            this.tunnel = new TunnelClient(group, endpoint, token, claims, TunnelSettings.defaults(Identity.current()),
                    events.apply(this::route), TOKEN_PROPAGATION);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        tunnel.termination().whenComplete((ok, failure) -> {
            if (failure instanceof TunnelRefusedException refused) {
                end.accept(Ending.failed(new KtunException(ExitCode.FAILURE, "the proxy refused the tunnel: " + refused.reason())));
            }
        });
    }

    void start() {
        tunnel.start();
    }

    TunnelClient client() {
        return tunnel;
    }

    /** The tunnel that is up now, or null while (re)connecting: where outbound connections go. */
    TunnelSession current() {
        return tunnel.current();
    }

    /** How the tunnel reaches the proxy now, e.g. "port-forward to pod ktun-proxy-api-x port 7300". */
    String route() {
        if (direct != null) {
            return "direct to " + direct;
        }
        return bridge.connectedTo().map(p -> "port-forward to pod " + p.pod() + " port " + p.port()).orElse("port-forward");
    }

    @Override
    public void close() {
        if (tunnel != null) {
            tunnel.stop();
        }
        bridge.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
