package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.ConnectPhase;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunLabels;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An Intercept and a Connect in one namespace, with names chosen to collide if anything were keyed loosely. */
class ConnectBesideInterceptTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  private static final Map<String, String> API_PODS = Map.of("app", "api");

  @BeforeEach
  void activeIntercept() {
    cluster.createService("api", API_PODS, port("web", 80, 8080));
    cluster.startOperator();
    cluster.createIntercept("api", "api", "alice", "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("api", InterceptPhase.ACTIVE);
  }

  @Test
  void eachReportsItsOwnProxyPod() {
    cluster.createConnect("api", "alice", 30);
    cluster.makeConnectProxyReady("api");

    assertThat(cluster.awaitConnectPhase("api", ConnectPhase.ACTIVE).getStatus().getProxyPod())
        .isEqualTo(cluster.connectProxyPod("api").getMetadata().getName());
    assertThat(cluster.intercept("api").getStatus().getProxyPod()).isEqualTo(cluster.proxyPod("api").getMetadata().getName());
    assertThat(cluster.selectorOf("api")).isEqualTo(KtunLabels.proxyPod("api"));
  }

  @Test
  void anExpiredConnectLeavesTheInterceptItsProxyAndItsService() {
    cluster.createConnect("api", "alice", 1);
    cluster.makeConnectProxyReady("api");

    await().atMost(Duration.ofSeconds(12)).until(() -> cluster.connect("api").phase() == ConnectPhase.EXPIRED && cluster.connectProxy("api") == null);

    assertThat(cluster.intercept("api").phase()).isEqualTo(InterceptPhase.ACTIVE);
    assertThat(cluster.proxy("api")).isNotNull();
    assertThat(cluster.selectorOf("api")).isEqualTo(KtunLabels.proxyPod("api"));
  }
}
