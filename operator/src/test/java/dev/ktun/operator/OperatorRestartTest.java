package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.NS;
import static dev.ktun.operator.MockCluster.TIMEOUT;
import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.ConnectPhase;
import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperatorRestartTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  private static final Map<String, String> API_PODS = Map.of("app", "api");
  private static final Map<String, String> CART_PODS = Map.of("app", "cart");

  @Test
  void anOperatorStoppedMidSetupConvergesAfterRestartWithNothingDuplicatedOrOrphaned() {
    cluster.createService("api", API_PODS, port("web", 80, 8080));
    cluster.startOperator();
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.awaitProxy("api");
    cluster.stopOperator();

    cluster.makeProxyReady("api"); // the proxy comes up while no operator runs
    cluster.startOperator();

    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    assertThat(cluster.selectorOf("api")).isEqualTo(KtunLabels.proxyPod("api"));
    assertThat(cluster.client().apps().deployments().inNamespace(NS).list().getItems())
        .singleElement()
        .satisfies(d -> assertThat(d.getMetadata().getOwnerReferences()).extracting(OwnerReference::getName).containsExactly("alice-api"));
    assertThat(cluster.client().services().inNamespace(NS).list().getItems())
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("api", ProxyNames.origin("api"));
  }

  @Test
  void anInterceptDeletedWhileTheOperatorIsDownIsEndedOnRestart() {
    cluster.createService("api", API_PODS, port("web", 80, 8080));
    cluster.startOperator();
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    cluster.stopOperator();

    cluster.deleteIntercept("alice-api"); // the finalizer holds it until an operator gives the Service back
    cluster.startOperator();

    cluster.awaitGone("alice-api");
    assertThat(cluster.selectorOf("api")).isEqualTo(API_PODS);
  }

  @Test
  void anOrphanedAnnotatedServiceIsRestoredAtStartWhileALiveInterceptsServiceIsLeftAlone() {
    cluster.createService("api", API_PODS, port("web", 80, 8080));
    cluster.createService("cart", CART_PODS, port("web", 80, 8080));
    cluster.startOperator();
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.createIntercept("bob-cart", "cart", "bob", "web");
    cluster.makeProxyReady("api");
    cluster.makeProxyReady("cart");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    cluster.awaitPhase("bob-cart", InterceptPhase.ACTIVE);
    cluster.stopOperator();
    // bob's Intercept disappears without its finalizer running (someone removed the finalizer by hand).
    cluster
        .client()
        .resources(Intercept.class)
        .inNamespace(NS)
        .withName("bob-cart")
        .patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    cluster.deleteIntercept("bob-cart");
    cluster.awaitGone("bob-cart");
    String apiVersionBefore = cluster.service("api").getMetadata().getResourceVersion();

    cluster.startOperator();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(cluster.selectorOf("cart")).isEqualTo(CART_PODS);
      assertThat(cluster.service("cart").getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR);
      assertThat(cluster.proxy("cart")).isNull();
    });
    assertThat(cluster.service("api").getMetadata().getResourceVersion()).isEqualTo(apiVersionBefore);
    assertThat(cluster.selectorOf("api")).isEqualTo(KtunLabels.proxyPod("api"));
    assertThat(cluster.intercept("alice-api").phase()).isEqualTo(InterceptPhase.ACTIVE);
  }

  @Test
  void aConnectsProxyOutlivesAnOperatorRestart() {
    cluster.startOperator();
    cluster.createConnect("alice", "alice", 30);
    cluster.makeConnectProxyReady("alice");
    cluster.awaitConnectPhase("alice", ConnectPhase.ACTIVE);
    String proxyVersion = cluster.connectProxy("alice").getMetadata().getResourceVersion();
    cluster.stopOperator();

    cluster.startOperator(); // its sweep deletes ktun objects of Services nobody intercepts, never a Connect's

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(cluster.connectProxy("alice").getMetadata().getResourceVersion()).isEqualTo(proxyVersion));
    assertThat(cluster.connectTokens("alice")).isNotNull();
    assertThat(cluster.connect("alice").phase()).isEqualTo(ConnectPhase.ACTIVE);
  }
}
