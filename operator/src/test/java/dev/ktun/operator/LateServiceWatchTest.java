package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.NS;
import static dev.ktun.operator.MockCluster.TIMEOUT;
import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.ProxyNames;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator acts on the Service as it left it, not as the watch last reported it. A reconciliation can run between
 * ktun's own write to the Service and the watch event that reports it (a lease check, a proxy pod's event): holding
 * the Service watch makes that ordering certain instead of occasional.
 */
class LateServiceWatchTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  private static final Map<String, String> API_PODS = Map.of("app", "api");
  private static final Map<String, String> HELM_PODS = Map.of("app", "api", "version", "v2");

  @BeforeEach
  void startOperatorWithAService() {
    cluster.createService("api", API_PODS, port("web", 80, 8080));
    cluster.startOperator();
  }

  @Test
  void anInterceptOnAServiceTheWatchHasNotReportedYetIsNotRefused() {
    cluster.holdServiceWatchEvents();
    cluster.createService("orders", Map.of("app", "orders"), port("web", 80, 8080));

    cluster.createIntercept("alice-orders", "orders", "alice", "web");

    cluster.awaitProxy("orders");
    assertThat(cluster.intercept("alice-orders").phase()).isEqualTo(InterceptPhase.PENDING);
  }

  @Test
  void anExpiredInterceptGivesTheServiceBackAndThenLetsTheProxyGo() {
    cluster.createInterceptWithLease("alice-api", "api", "alice", 2, "web");
    cluster.awaitProxy("api");
    cluster.holdServiceWatchEvents();
    cluster.makeProxyReady("api");

    Intercept expired = cluster.awaitPhase("alice-api", InterceptPhase.EXPIRED);

    assertThat(expired.getStatus().getOriginalSelector()).as("it was Active, so the Service was repointed").isEqualTo(API_PODS);
    await().atMost(TIMEOUT).until(() -> cluster.proxy("api") == null);
    assertThat(cluster.selectorOf("api")).isEqualTo(API_PODS);
    assertThat(cluster.service("api").getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR);
    assertThat(cluster.client().services().inNamespace(NS).withName(ProxyNames.origin("api")).get()).isNull();
  }

  @Test
  void deletingAnInterceptGivesTheServiceBackBeforeTheFinalizerGoes() {
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.awaitProxy("api");
    cluster.holdServiceWatchEvents();
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);

    cluster.deleteIntercept("alice-api");
    cluster.awaitGone("alice-api");

    assertThat(cluster.selectorOf("api")).isEqualTo(API_PODS);
    assertThat(cluster.service("api").getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR);
  }

  @Test
  void anExpiryWhoseGiveBackTheGuardRefusesReportsNoErrorAndLeavesSomeoneElsesSelector() {
    cluster.createInterceptWithLease("alice-api", "api", "alice", 3, "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    cluster.holdServiceWatchEvents();
    helmUpgradeSelects(HELM_PODS);

    Intercept expired = cluster.awaitPhase("alice-api", InterceptPhase.EXPIRED);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              assertThat(cluster.selectorOf("api")).isEqualTo(HELM_PODS);
              assertThat(cluster.intercept("alice-api").getStatus().getMessage()).isEqualTo(expired.getStatus().getMessage());
            });
    cluster.releaseServiceWatchEvents();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(cluster.service("api").getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR));
    assertThat(cluster.selectorOf("api")).isEqualTo(HELM_PODS);
    assertThat(cluster.intercept("alice-api").getStatus().getMessage()).startsWith("The client (alice@alice-laptop) did not renew its lease");
  }

  @Test
  void aDeletionWhoseGiveBackTheGuardRefusesKeepsTheFinalizerUntilTheWatchCatchesUp() {
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    cluster.holdServiceWatchEvents();
    helmUpgradeSelects(HELM_PODS);

    cluster.deleteIntercept("alice-api");

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              assertThat(cluster.intercept("alice-api")).as("kept by its finalizer until the Service is given back").isNotNull();
              assertThat(cluster.selectorOf("api")).isEqualTo(HELM_PODS);
            });
    cluster.releaseServiceWatchEvents();
    cluster.awaitGone("alice-api");
    assertThat(cluster.selectorOf("api")).isEqualTo(HELM_PODS);
    assertThat(cluster.service("api").getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR);
  }

  /** A helm upgrade re-applies the chart's selector while the Service is intercepted; the operator has not heard of it. */
  private void helmUpgradeSelects(Map<String, String> selector) {
    cluster.client().services().inNamespace(NS).withName("api").edit(s -> {
      s.getSpec().setSelector(selector);
      return s;
    });
  }
}
