package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.NS;
import static dev.ktun.operator.MockCluster.TIMEOUT;
import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptConditions;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import dev.ktun.api.ResolvedPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InterceptLifecycleTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  private static final Map<String, String> API_PODS = Map.of("app", "api", "tier", "backend");

  @BeforeEach
  void startOperatorWithAService() {
    cluster.createService("api", API_PODS, port("web", 80, 8080), port("metrics", 9090, 9090));
    cluster.startOperator();
  }

  @Test
  void createsTheOriginServiceAndTheProxyDeployment() {
    cluster.createIntercept("alice-api", "api", "alice", "web");

    cluster.awaitProxy("api");
    Service origin = cluster.client().services().inNamespace(NS).withName(ProxyNames.origin("api")).get();
    assertThat(origin.getSpec().getSelector()).isEqualTo(API_PODS);
    assertThat(origin.getSpec().getPorts()).extracting(p -> p.getPort() + "->" + p.getTargetPort().getIntVal()).containsExactly("80->8080", "9090->9090");
    assertThat(cluster.proxy("api").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--route", "8080=api-ktun-origin.shop.svc:80", "--route", "9090=api-ktun-origin.shop.svc:9090");
    assertThat(cluster.intercept("alice-api").phase()).isEqualTo(InterceptPhase.PENDING);
  }

  @Test
  void leavesTheSelectorAloneUntilTheProxyIsReady() {
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.awaitProxy("api");

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(cluster.selectorOf("api")).isEqualTo(API_PODS));
    assertThat(cluster.service("api").getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR);
    assertThat(cluster.intercept("alice-api").getStatus().getMessage()).isEqualTo("Waiting for the ktun proxy of Service 'api' to become ready.");
  }

  @Test
  void repointsTheServiceAndTurnsActiveOnceTheProxyIsReady() {
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");

    Intercept active = cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);

    assertThat(cluster.selectorOf("api")).isEqualTo(KtunLabels.proxyPod("api"));
    assertThat(cluster.service("api").getMetadata().getAnnotations())
        .containsEntry(KtunAnnotations.ORIGINAL_SELECTOR, "{\"app\":\"api\",\"tier\":\"backend\"}");
    assertThat(active.getStatus().getOriginalSelector()).isEqualTo(API_PODS);
    assertThat(active.getStatus().getProxyPod()).isEqualTo(cluster.proxyPod("api").getMetadata().getName());
    assertThat(active.getStatus().getTunnelPort()).isEqualTo(7300);
    assertThat(active.getStatus().getPorts()).containsExactly(new ResolvedPort("web", 80, 8080, 8080));
    assertThat(active.getStatus().condition(InterceptConditions.READY))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getObservedGeneration()).isEqualTo(active.getMetadata().getGeneration());
            });
  }

  @Test
  void deletingRestoresTheSelectorExactlyAndOwnedObjectsCarryOwnerReferences() {
    // Someone edited the Service with labels of their own after the intercept began; only the selector is ktun's.
    Intercept intercept = cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    cluster.client().services().inNamespace(NS).withName("api").edit(s -> {
      s.getMetadata().getLabels().put("team", "payments");
      return s;
    });
    List<HasMetadata> owned =
        List.of(
            cluster.proxy("api"),
            cluster.client().services().inNamespace(NS).withName(ProxyNames.origin("api")).get(),
            cluster.client().configMaps().inNamespace(NS).withName(ProxyNames.proxy("api")).get());

    cluster.deleteIntercept("alice-api");
    cluster.awaitGone("alice-api");

    Service restored = cluster.service("api");
    assertThat(new LinkedHashMap<>(restored.getSpec().getSelector())).isEqualTo(API_PODS);
    assertThat(restored.getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR);
    assertThat(restored.getMetadata().getLabels()).containsEntry("team", "payments");
    assertThat(restored.getMetadata().getOwnerReferences()).isEmpty();
    for (HasMetadata object : owned) {
      assertThat(object.getMetadata().getOwnerReferences())
          .as(object.getKind() + " " + object.getMetadata().getName())
          .extracting(OwnerReference::getUid)
          .containsExactly(intercept.getMetadata().getUid());
    }
  }

  @Test
  void anInterceptThatEndedLetsTheProxyGoOnceTheServiceIsBack() {
    cluster.createInterceptWithLease("alice-api", "api", "alice", 1, "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.EXPIRED);

    await().atMost(TIMEOUT).until(() -> cluster.proxy("api") == null);
    assertThat(cluster.selectorOf("api")).isEqualTo(API_PODS);
    assertThat(cluster.client().services().inNamespace(NS).withName(ProxyNames.origin("api")).get()).isNull();
  }
}
