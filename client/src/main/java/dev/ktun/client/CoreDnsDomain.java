package dev.ktun.client;

import dev.ktun.outbound.ClusterDomain;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * The cluster DNS domain as CoreDNS serves it: the {@code kubernetes <zone>} line of the {@code Corefile} in
 * kube-system's {@code coredns} ConfigMap (kubeadm, k3s, kind, EKS name it so). Developers often may not read
 * kube-system; then discovery moves on and, at worst, says it assumes {@code cluster.local} (or use --cluster-domain).
 */
final class CoreDnsDomain implements ClusterDomain.Source {
    private static final String NAMESPACE = "kube-system";
    private static final String CONFIG_MAP = "coredns";

    private final KubernetesClient client;

    CoreDnsDomain(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<String> domain() {
        ConfigMap map = client.configMaps().inNamespace(NAMESPACE).withName(CONFIG_MAP).get();
        return map == null || map.getData() == null || map.getData().get("Corefile") == null ? Optional.empty()
                : ClusterDomain.fromCorefile(map.getData().get("Corefile"));
    }

    @Override
    public String toString() {
        return "ConfigMap " + NAMESPACE + "/" + CONFIG_MAP;
    }
}
