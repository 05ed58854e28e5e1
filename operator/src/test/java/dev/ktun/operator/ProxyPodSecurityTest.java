package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proxy Deployments the operator generates, for an intercepted Service and for a Connect, checked against Pod
 * Security "restricted" (v1.30 rules).
 */
class ProxyPodSecurityTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  /** Whom the proxy serves. */
  enum Serving {
    SERVICE,
    CONNECT
  }

  @BeforeEach
  void startOperator() {
    cluster.startOperator();
  }

  private PodSpec generate(Serving serving) {
    Deployment proxy =
        switch (serving) {
          case SERVICE -> {
            cluster.createService("api", Map.of("app", "api"), port("web", 80, 8080));
            cluster.createIntercept("alice-api", "api", "alice", "web");
            yield cluster.awaitProxy("api");
          }
          case CONNECT -> {
            cluster.createConnect("alice", "alice", 30);
            yield cluster.awaitConnectProxy("alice");
          }
        };
    return proxy.getSpec().getTemplate().getSpec();
  }

  @ParameterizedTest
  @EnumSource(Serving.class)
  void runsAsNonRootWithoutPrivilegeEscalationOrCapabilities(Serving serving) {
    PodSpec pod = generate(serving);
    Container proxy = pod.getContainers().get(0);

    assertThat(pod.getContainers()).hasSize(1);
    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(proxy.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(proxy.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(proxy.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(proxy.getSecurityContext().getCapabilities().getAdd()).isEmpty();
    assertThat(proxy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Serving.class)
  void usesTheRuntimeDefaultSeccompProfileAndNoHostNamespacesPortsOrPaths(Serving serving) {
    PodSpec pod = generate(serving);
    Container proxy = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(proxy.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
    List<String> allowed = List.of("configMap", "emptyDir", "projected", "secret", "downwardAPI");
    assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(volumeType(v)).isIn(allowed));
    assertThat(pod.getAutomountServiceAccountToken()).as("the proxy never calls the API").isFalse();
  }

  @ParameterizedTest
  @EnumSource(Serving.class)
  void bindsPortsBelow1024WithOnlyASysctlThatRestrictedCountsAsSafe(Serving serving) {
    PodSpec pod = generate(serving);
    List<String> safe = List.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    assertThat(pod.getSecurityContext().getSysctls()).allSatisfy(s -> assertThat(s.getName()).isIn(safe));
    assertThat(pod.getSecurityContext().getSysctls())
        .anySatisfy(s -> assertThat(s.getName() + "=" + s.getValue()).isEqualTo("net.ipv4.ip_unprivileged_port_start=0"));
  }

  @ParameterizedTest
  @EnumSource(Serving.class)
  void pullsTheConfiguredImageWithItsPullPolicyAndSecrets(Serving serving) {
    PodSpec pod = generate(serving);
    Container proxy = pod.getContainers().get(0);

    assertThat(proxy.getImage()).isEqualTo(MockCluster.SETTINGS.proxyImage());
    assertThat(proxy.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("registry-pull");
  }

  @Test
  void aServicesProxyFollowsTheProxyCliContract() {
    Container proxy = generate(Serving.SERVICE).getContainers().get(0);

    assertThat(proxy.getArgs())
        .containsExactly(
            "--tunnel-listen", "127.0.0.1:7300",
            "--token-sha256-file", "/etc/ktun/tokens/tokens",
            "--ready-listen", "0.0.0.0:7301",
            "--stop-linger", "5",
            "--stop-drain", "20",
            "--route", "8080=api-ktun-origin.shop.svc:80");
  }

  @Test
  void aConnectsProxyHasNoRoute() {
    Container proxy = generate(Serving.CONNECT).getContainers().get(0);

    assertThat(proxy.getArgs()).doesNotContain("--route");
    assertThat(proxy.getPorts()).extracting(ContainerPort::getName).containsExactly("tunnel", "ready");
  }

  private static String volumeType(Volume v) {
    return Optional.ofNullable(v.getConfigMap()).map(x -> "configMap")
        .or(() -> Optional.ofNullable(v.getEmptyDir()).map(x -> "emptyDir"))
        .or(() -> Optional.ofNullable(v.getHostPath()).map(x -> "hostPath"))
        .orElse("other");
  }
}
