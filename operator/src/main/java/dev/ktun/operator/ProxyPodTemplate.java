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
import java.util.TreeMap;

/**
 * The proxy pod: one container running the proxy's CLI, locked down to Pod Security "restricted" with a read-only
 * root filesystem, no service account token (it never calls the API) and no secret in its spec (only token hashes,
 * mounted from the tokens ConfigMap). The same pod for an intercepted Service's proxy and a Connect's; only the labels,
 * the tokens ConfigMap and the routes differ.
 */
final class ProxyPodTemplate {

  /** A non-root UID; set explicitly so the kubelet can verify runAsNonRoot whatever user the image names. */
  static final long PROXY_UID = 65532;

  private static final int STOP_LINGER_SECONDS = 5;
  private static final int STOP_DRAIN_SECONDS = 20;

  /** The proxy of an intercepted Service: a route per target port, unclaimed connections to the origin Service. */
  static PodTemplateSpec forService(ServiceScene scene) {
    String origin = ProxyNames.origin(scene.serviceName()) + "." + scene.namespace() + ".svc";
    Map<Integer, String> routes = new TreeMap<>();
    scene.routes().forEach((listen, originPort) -> routes.put(listen, origin + ":" + originPort));
    return of(scene.settings(), KtunLabels.proxyPod(scene.serviceName()), ProxyNames.proxy(scene.serviceName()), routes);
  }

  /** The proxy of a Connect: no route (it receives nothing), it only dials what its client asks for. */
  static PodTemplateSpec forConnect(OperatorSettings settings, String connect) {
    return of(settings, KtunLabels.connectPod(connect), ProxyNames.connect(connect), Map.of());
  }

  /**
   * @param labels the pod labels, which the proxy Deployment's selector repeats
   * @param tokens the name of the ConfigMap whose token hashes the proxy accepts
   * @param routes listen port to the {@code HOST:PORT} an unclaimed connection goes to; empty for a Connect's proxy
   */
  private static PodTemplateSpec of(OperatorSettings settings, Map<String, String> labels, String tokens, Map<Integer, String> routes) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
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
        // Routes listen on the Service's target ports, often below 1024 (and the tunnel port may be set there).
        // Non-root with no capabilities may bind them only with this namespaced sysctl, which Pod Security
        // "restricted" counts as safe.
        .addNewSysctl()
        .withName("net.ipv4.ip_unprivileged_port_start")
        .withValue("0")
        .endSysctl()
        .endSecurityContext()
        .withImagePullSecrets(settings.proxyPullSecrets().stream().map(LocalObjectReference::new).toList())
        .withContainers(container(settings, routes))
        .addNewVolume()
        .withName("tokens")
        .withNewConfigMap()
        .withName(tokens)
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

  private static Container container(OperatorSettings settings, Map<Integer, String> routes) {
    ProxyPorts own = ProxyPorts.around(settings, routes.keySet());
    return new ContainerBuilder()
        .withName("proxy")
        .withImage(settings.proxyImage())
        .withImagePullPolicy(settings.proxyPullPolicy())
        .withArgs(args(own, routes))
        .withPorts(ports(own, routes))
        // A port of its own (see ReadyListener in the proxy): a probe on a route port would reach the developer.
        // Probed every second, since the client waits for this before it opens its tunnel.
        .withNewReadinessProbe()
        .withNewTcpSocket()
        .withNewPort(KtunDefaults.READY_PORT_NAME)
        .endTcpSocket()
        .withPeriodSeconds(1)
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

  /**
   * The proxy's CLI contract: {@code --tunnel-listen}, {@code --token-sha256-file}, {@code --ready-listen}, one
   * {@code --route} per port.
   */
  private static List<String> args(ProxyPorts own, Map<Integer, String> routes) {
    List<String> args = new ArrayList<>();
    args.add("--tunnel-listen");
    args.add("127.0.0.1:" + own.tunnel());
    args.add("--token-sha256-file");
    args.add(KtunDefaults.TOKENS_DIR + "/" + KtunDefaults.TOKENS_KEY);
    args.add("--ready-listen");
    args.add("0.0.0.0:" + own.ready());
    // On SIGTERM (the last Intercept ended, a rollout): a Service's proxy keeps routing while the endpoints drop the pod,
    // then lets its callers finish; both within the pod's default 30 s grace period.
    if (!routes.isEmpty()) {
      args.add("--stop-linger");
      args.add(String.valueOf(STOP_LINGER_SECONDS));
    }
    args.add("--stop-drain");
    args.add(String.valueOf(STOP_DRAIN_SECONDS));
    routes.forEach(
        (listen, origin) -> {
          args.add("--route");
          args.add(listen + "=" + origin);
        });
    return args;
  }

  private static List<ContainerPort> ports(ProxyPorts own, Map<Integer, String> routes) {
    List<ContainerPort> ports = new ArrayList<>();
    routes.keySet().forEach(listen -> ports.add(new ContainerPortBuilder().withContainerPort(listen).withProtocol("TCP").build()));
    ports.add(new ContainerPortBuilder().withName(KtunDefaults.TUNNEL_PORT_NAME).withContainerPort(own.tunnel()).withProtocol("TCP").build());
    ports.add(new ContainerPortBuilder().withName(KtunDefaults.READY_PORT_NAME).withContainerPort(own.ready()).withProtocol("TCP").build());
    return ports;
  }

  private ProxyPodTemplate() {}
}
