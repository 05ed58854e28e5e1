package dev.ktun.client;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectPhase;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/** A {@link Connect} as a {@link LeasedKind}: outbound access only, so it ends by expiring, never by a conflict. */
final class ConnectKind implements LeasedKind<Connect> {
    static final ConnectKind INSTANCE = new ConnectKind();

    private ConnectKind() {
    }

    @Override
    public Class<Connect> type() {
        return Connect.class;
    }

    @Override
    public String resource() {
        return "connects.ktun.dev";
    }

    @Override
    public String kind() {
        return "Connect";
    }

    @Override
    public String deletedBy() {
        return "kubectl";
    }

    @Override
    public String afterEnd(Connect connect) {
        return "its proxy is removed and cluster names stop working here";
    }

    @Override
    public int leaseSeconds(Connect connect) {
        return connect.getSpec().leaseSecondsOrDefault();
    }

    @Override
    public String phase(Connect connect) {
        return connect.phase().name().toLowerCase();
    }

    @Override
    public boolean active(Connect connect) {
        return connect.phase() == ConnectPhase.ACTIVE;
    }

    @Override
    public boolean ended(Connect connect) {
        return connect.phase() == ConnectPhase.EXPIRED;
    }

    @Override
    public String message(Connect connect) {
        return connect.getStatus() == null ? null : connect.getStatus().getMessage();
    }

    @Override
    public Optional<PortForwardBridge.PodPort> proxy(Connect connect) {
        if (connect.getStatus() == null || connect.getStatus().getProxyPod() == null || connect.getStatus().getTunnelPort() == null) {
            return Optional.empty();
        }
        return Optional.of(new PortForwardBridge.PodPort(connect.getStatus().getProxyPod(), connect.getStatus().getTunnelPort()));
    }

    @Override
    public Map<String, String> proxyPodLabels(Connect connect) {
        return KtunLabels.connectPod(connect.getMetadata().getName());
    }

    @Override
    public KtunException refused(KubernetesClient client, Connect connect) {
        return new KtunException(ExitCode.FAILURE, "the Connect ended before it became active: " + message(connect));
    }
}
