package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.NS;
import static dev.ktun.operator.MockCluster.TIMEOUT;
import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectPhase;
import dev.ktun.api.KtunDefaults;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `ktun connect`'s cluster side: a Connect gets a proxy of its own that dials for its client and receives nothing. */
class ConnectLifecycleTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  @BeforeEach
  void startOperator() {
    cluster.startOperator();
  }

  @Test
  void staysPendingWithAMessageUntilItsProxyIsReady() {
    cluster.createConnect("alice", "alice", 30);
    cluster.awaitConnectProxy("alice");

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(cluster.connect("alice").getStatus().getPhase()).isEqualTo(ConnectPhase.PENDING));
    assertThat(cluster.connect("alice").getStatus().getMessage())
        .isEqualTo("Waiting for the ktun proxy to become ready; if this lasts, see `kubectl -n shop describe deployment ktun-connect-alice`.");
    assertThat(cluster.connect("alice").getStatus().getProxyPod()).isNull();
  }

  @Test
  void turnsActiveWithTheReadyProxyPodAndTunnelPort() {
    Connect created = cluster.createConnect("alice", "alice", 30);
    cluster.makeConnectProxyReady("alice");

    Connect active = cluster.awaitConnectPhase("alice", ConnectPhase.ACTIVE);

    assertThat(active.getStatus().getProxyPod()).isEqualTo(cluster.connectProxyPod("alice").getMetadata().getName());
    assertThat(active.getStatus().getTunnelPort()).isEqualTo(MockCluster.SETTINGS.tunnelPort());
    assertThat(active.getStatus().getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
    assertThat(active.getStatus().getMessage())
        .isEqualTo("The ktun proxy is ready; connect to pod 'ktun-connect-alice-7d9f8-abcde' port 7300.");
  }

  @Test
  void runsAProxyWithoutRoutesThatAcceptsOnlyTheConnectsToken() {
    cluster.createConnect("alice", "alice", 30);

    Deployment proxy = cluster.awaitConnectProxy("alice");

    assertThat(proxy.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("--tunnel-listen", "127.0.0.1:7300", "--token-sha256-file", "/etc/ktun/tokens/tokens", "--ready-listen", "0.0.0.0:7301",
            "--stop-drain", "20");
    assertThat(proxy.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo(ProxyNames.connect("alice")));
    await().atMost(TIMEOUT).until(() -> cluster.connectTokens("alice") != null);
    assertThat(cluster.connectTokens("alice").getData()).containsExactly(Map.entry(KtunDefaults.TOKENS_KEY, MockCluster.tokenHash("alice") + "\n"));
  }

  @Test
  void proxyPodLabelsSelectOnlyThatConnectsPods() {
    cluster.createConnect("alice", "alice", 30);

    Deployment proxy = cluster.awaitConnectProxy("alice");

    Map<String, String> selector = proxy.getSpec().getSelector().getMatchLabels();
    assertThat(proxy.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(selector);
    assertThat(selects(selector, KtunLabels.connectPod("alice-2"))).as("another Connect's pods").isFalse();
    assertThat(selects(selector, KtunLabels.proxyPod("alice"))).as("the proxy pods of a Service named alice").isFalse();
    assertThat(selects(KtunLabels.proxyPod("alice"), selector)).as("a Service named alice, repointed to its proxy").isFalse();
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> podLabels) {
    return podLabels.entrySet().containsAll(selector.entrySet());
  }

  @Test
  void neverTouchesAService() {
    Service api = cluster.createService("api", Map.of("app", "api"), port("web", 80, 8080));
    cluster.createConnect("alice", "alice", 30);
    cluster.makeConnectProxyReady("alice");
    cluster.awaitConnectPhase("alice", ConnectPhase.ACTIVE);

    assertThat(cluster.client().services().inNamespace(NS).list().getItems()).singleElement().satisfies(s -> {
      assertThat(s.getMetadata().getName()).isEqualTo("api");
      assertThat(s.getMetadata().getResourceVersion()).isEqualTo(api.getMetadata().getResourceVersion());
    });
  }

  /**
   * The mock API server runs no garbage collector, so the test plays it: the Connect goes at once (no finalizer
   * waits for an operator), its objects name it as their owner, and once they are collected nothing brings them back.
   */
  @Test
  void deletingAConnectLeavesItsObjectsToTheGarbageCollector() {
    Connect connect = cluster.createConnect("alice", "alice", 30);
    cluster.makeConnectProxyReady("alice");
    cluster.awaitConnectPhase("alice", ConnectPhase.ACTIVE);
    List<HasMetadata> owned = List.of(cluster.connectProxy("alice"), cluster.connectTokens("alice"));

    cluster.client().resource(connect).delete();

    await().atMost(TIMEOUT).until(() -> cluster.connect("alice") == null);
    for (HasMetadata object : owned) {
      assertThat(object.getMetadata().getOwnerReferences())
          .as(object.getKind() + " " + object.getMetadata().getName())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getUid()).isEqualTo(connect.getMetadata().getUid());
                assertThat(o.getKind()).isEqualTo("Connect");
              });
      cluster.client().resource(object).delete();
    }
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(List.of(cluster.connectProxy("alice") == null, cluster.connectTokens("alice") == null)).containsOnly(true));
  }
}
