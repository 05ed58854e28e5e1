package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.ResolvedPort;
import dev.ktun.tunnel.HostPort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one tunnel of {@code ktun intercept}, opened as early as it can be, so that its claim is in place when the
 * operator repoints the Service, not a port-forward, handshake and claim later.
 *
 * <p>It is prepared once the operator admitted the Intercept (its ports are resolved, and its token hash is on the
 * proxy's list: the operator writes the tokens ConfigMap before it creates the proxy, and a proxy that already runs
 * learns a new hash within seconds, which the tunnel's auth grace covers), and started the moment a proxy pod is Ready
 * (with {@code --tunnel-endpoint}, at once), while the operator is still repointing the Service. That is safe: the proxy hands a claimed port's connections to
 * the claimant only as they arrive at the proxy, that is only once the Service points there.
 */
final class InterceptTunnel implements AutoCloseable {
    private static final String CALLERS_WHILE_LOST = "callers go to the cluster's own pods until it is back";

    private final KubernetesClient client;
    private final Supplier<Optional<PortForwardBridge.PodPort>> reported;
    private final HostPort direct;
    private final String token;
    private final boolean quiet;
    private final Console console;
    private final Consumer<Ending> end;
    private ProxyTunnel tunnel;
    private RunStateWriter state;
    private volatile Optional<PortForwardBridge.PodPort> seenPod = Optional.empty();
    private volatile boolean activated;

    /**
     * @param reported the proxy pod the Active Intercept names (asked on every reconnect once {@link #activated()})
     * @param direct   {@code --tunnel-endpoint}, or null to port-forward
     * @param end      told when the tunnel can never work: port-forward forbidden, token refused
     */
    InterceptTunnel(KubernetesClient client, Supplier<Optional<PortForwardBridge.PodPort>> reported, HostPort direct, String token,
                    boolean quiet, Console console, Consumer<Ending> end) {
        this.client = client;
        this.reported = reported;
        this.direct = direct;
        this.token = token;
        this.quiet = quiet;
        this.console = console;
        this.end = end;
    }

    /** What the activation saw: prepares the tunnel once the Intercept is admitted, starts it once its proxy pod is Ready. */
    void seen(Intercept intercept, Optional<PortForwardBridge.PodPort> proxy) throws IOException {
        if (!admitted(intercept)) {
            return;
        }
        seenPod = proxy;
        if (tunnel == null) {
            prepare(intercept);
        }
        if (state == null && (direct != null || proxy.isPresent())) {
            tunnel.start();
            state = new RunStateWriter(client.getNamespace(), intercept, labels(intercept), tunnel.client(), tunnel::route);
            state.start();
        }
    }

    /** From now on the Active Intercept names the proxy pod: reconnects go wherever it says. */
    void activated() {
        activated = true;
    }

    /** The started tunnel: the activation returns only after it saw the Active Intercept, which starts it. */
    ProxyTunnel tunnel() {
        if (state == null) {
            throw new IllegalStateException("the intercept's tunnel was not started");
        }
        return tunnel;
    }

    /** Phases in which the operator has resolved the ports and accepts the token; an Active one may have lost its pod. */
    private static boolean admitted(Intercept intercept) {
        InterceptPhase phase = intercept.phase();
        return intercept.getStatus() != null && intercept.getStatus().getPorts() != null && !intercept.getStatus().getPorts().isEmpty()
                && (phase == InterceptPhase.PENDING || phase == InterceptPhase.ACTIVE);
    }

    private void prepare(Intercept intercept) throws IOException {
        List<PortClaim> claims = new ArrayList<>();
        for (ResolvedPort port : intercept.getStatus().getPorts()) {
            claims.add(new PortClaim(port.localPort(), port.proxyPort()));
        }
        Map<Integer, String> labels = labels(intercept);
        tunnel = new ProxyTunnel(client, this::proxyPod, direct, token, claims,
                route -> new ProxyTunnelEvents(console, labels, route, quiet, CALLERS_WHILE_LOST), console, end);
    }

    /** "svc/api:80" for each proxy port the Intercept claims. */
    private static Map<Integer, String> labels(Intercept intercept) {
        Map<Integer, String> labels = new LinkedHashMap<>();
        intercept.getStatus().getPorts().forEach(port -> labels.put(port.proxyPort(), "svc/" + intercept.serviceName() + ":" + port.port()));
        return labels;
    }

    private Optional<PortForwardBridge.PodPort> proxyPod() {
        return activated ? reported.get() : seenPod;
    }

    @Override
    public void close() {
        if (state != null) {
            state.close();
        }
        if (tunnel != null) {
            tunnel.close();
        }
    }
}
