package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.NS;
import static dev.ktun.operator.MockCluster.TIMEOUT;
import static dev.ktun.operator.MockCluster.port;
import static dev.ktun.operator.MockCluster.tokenHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunDefaults;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedProxyTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  @BeforeEach
  void aliceAndBobInterceptDifferentPortsOfOneService() {
    cluster.createService("api", Map.of("app", "api"), port("web", 80, 8080), port("grpc", 9000, 9000));
    cluster.startOperator();
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    cluster.createIntercept("bob-api", "api", "bob", "grpc");
    cluster.awaitPhase("bob-api", InterceptPhase.ACTIVE);
  }

  @Test
  void twoInterceptsShareOneProxyThatAcceptsBothTokens() {
    assertThat(cluster.client().apps().deployments().inNamespace(NS).list().getItems()).hasSize(1);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(tokens()).isEqualTo(sortedLines(tokenHash("alice-api"), tokenHash("bob-api")));
      assertThat(cluster.proxy("api").getMetadata().getOwnerReferences())
          .extracting(OwnerReference::getName)
          .containsExactlyInAnyOrder("alice-api", "bob-api");
    });
  }

  @Test
  void endingOneLeavesTheOtherWorkingWithoutRestartingTheProxy() {
    Deployment before = cluster.proxy("api");

    cluster.deleteIntercept("alice-api");
    cluster.awaitGone("alice-api");

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(tokens()).isEqualTo(tokenHash("bob-api") + "\n"));
    assertThat(cluster.intercept("bob-api").phase()).isEqualTo(InterceptPhase.ACTIVE);
    assertThat(cluster.selectorOf("api")).isEqualTo(KtunLabels.proxyPod("api"));
    Deployment after = cluster.proxy("api");
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getSpec().getTemplate()).as("no rollout").isEqualTo(before.getSpec().getTemplate());
    assertThat(cluster.proxyPod("api").getMetadata().getAnnotations())
        .as("the running pod is nudged to reload its tokens")
        .containsEntry(KtunAnnotations.TOKENS_DIGEST, ProxyTokensDependent.digest(tokenHash("bob-api") + "\n"));
  }

  private String tokens() {
    return cluster.client().configMaps().inNamespace(NS).withName(ProxyNames.proxy("api")).get().getData().get(KtunDefaults.TOKENS_KEY);
  }

  private static String sortedLines(String a, String b) {
    return a.compareTo(b) < 0 ? a + "\n" + b + "\n" : b + "\n" + a + "\n";
  }
}
