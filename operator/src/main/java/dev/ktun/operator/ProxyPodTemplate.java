package dev.ktun.operator;

import dev.ktun.api.KtunDefaults;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The proxy pod: one container running the proxy's CLI, locked down to Pod Security "restricted" with a read-only
 * root filesystem, no service account token (it never calls the API) and no secret in its spec (only token hashes,
 * mounted from the tokens ConfigMap).
 */
final class ProxyPodTemplate {

  /** A non-root UID; set explicitly so the kubelet can verify runAsNonRoot whatever user the image names. */
  static final long PROXY_UID = 65532;

  static PodTemplateSpec of(ServiceScene scene) {
    String service = scene.serviceName();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(KtunLabels.proxyPod(service))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(PROXY_UID)
        .withRunAsGroup(PROXY_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        // Routes listen on the Service's target ports, often below 1024. Non-root with no capabilities may bind
        // them only with this namespaced sysctl, which Pod Security "restricted" counts as safe.
        .addNewSysctl()
        .withName("net.ipv4.ip_unprivileged_port_start")
        .withValue("0")
        .endSysctl()
        .endSecurityContext()
        .withImagePullSecrets(scene.settings().proxyPullSecrets().stream().map(LocalObjectReference::new).toList())
        .withContainers(container(scene))
        .addNewVolume()
        .withName("tokens")
        .withNewConfigMap()
        .withName(ProxyNames.proxy(service))
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withMedium("Memory")
        .withSizeLimit(new Quantity("16Mi"))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  private static Container container(ServiceScene scene) {
    Map<Integer, Integer> routes = scene.routes();
    int firstListenPort = routes.keySet().iterator().next();
    return new ContainerBuilder()
        .withName("proxy")
        .withImage(scene.settings().proxyImage())
        .withImagePullPolicy(scene.settings().proxyPullPolicy())
        .withArgs(args(scene, routes))
        .withPorts(ports(scene, routes))
        // The tunnel listener binds 127.0.0.1, out of the kubelet's reach: readiness is the first route accepting.
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withNewPort(firstListenPort)
        .endTcpSocket()
        .withPeriodSeconds(2)
        .endReadinessProbe()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("96Mi")))
        .withLimits(Map.of("memory", new Quantity("256Mi")))
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tokens")
        .withMountPath(KtunDefaults.TOKENS_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .build();
  }

  /** The proxy's CLI contract: {@code --tunnel-listen}, {@code --token-sha256-file}, one {@code --route} per port. */
  static List<String> args(ServiceScene scene, Map<Integer, Integer> routes) {
    List<String> args = new ArrayList<>();
    args.add("--tunnel-listen");
    args.add("127.0.0.1:" + scene.settings().tunnelPort());
    args.add("--token-sha256-file");
    args.add(KtunDefaults.TOKENS_DIR + "/" + KtunDefaults.TOKENS_KEY);
    String origin = ProxyNames.origin(scene.serviceName()) + "." + scene.namespace() + ".svc";
    routes.forEach(
        (listen, originPort) -> {
          args.add("--route");
          args.add(listen + "=" + origin + ":" + originPort);
        });
    return args;
  }

  private static List<ContainerPort> ports(ServiceScene scene, Map<Integer, Integer> routes) {
    List<ContainerPort> ports = new ArrayList<>();
    routes.keySet().forEach(listen -> ports.add(new ContainerPortBuilder().withContainerPort(listen).withProtocol("TCP").build()));
    ports.add(new ContainerPortBuilder().withName("tunnel").withContainerPort(scene.settings().tunnelPort()).withProtocol("TCP").build());
    return ports;
  }

  private ProxyPodTemplate() {}
}
