package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.NS;
import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptConditions;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunAnnotations;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SelectorOverwrittenTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  @Test
  void aSelectorChangedBySomeoneElseIsKeptAndReported() {
    cluster.createService("api", Map.of("app", "api"), port("web", 80, 8080));
    cluster.startOperator();
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);

    // A helm upgrade re-applies the chart's selector.
    cluster.client().services().inNamespace(NS).withName("api").edit(s -> {
      s.getSpec().setSelector(Map.of("app", "api", "version", "v2"));
      return s;
    });

    Intercept ended = cluster.awaitPhase("alice-api", InterceptPhase.FAILED);
    assertThat(ended.getStatus().condition(InterceptConditions.SELECTOR_OVERWRITTEN))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(ended.getStatus().getMessage()).startsWith("Someone else changed the selector of Service 'api' to app=api,version=v2");
    await()
        .atMost(MockCluster.TIMEOUT)
        .untilAsserted(() -> assertThat(cluster.service("api").getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR));
    assertThat(cluster.selectorOf("api")).isEqualTo(Map.of("app", "api", "version", "v2"));
  }
}
