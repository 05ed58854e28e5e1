package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClientLeaseTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  private static final Map<String, String> API_PODS = Map.of("app", "api");
  private static final int LEASE_SECONDS = 2;

  @BeforeEach
  void activeIntercept() {
    cluster.createService("api", API_PODS, port("web", 80, 8080));
    cluster.startOperator();
    cluster.createInterceptWithLease("alice-api", "api", "alice", LEASE_SECONDS, "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
  }

  @Test
  void anInterceptWhoseLeaseIsNotRenewedExpiresAndTheServiceIsRestored() {
    await()
        .atMost(Duration.ofSeconds(LEASE_SECONDS + 10))
        .untilAsserted(
            () -> {
              assertThat(cluster.intercept("alice-api").phase()).isEqualTo(InterceptPhase.EXPIRED);
              assertThat(cluster.selectorOf("api")).isEqualTo(API_PODS);
            });
    assertThat(cluster.intercept("alice-api").getStatus().getMessage())
        .isEqualTo(
            "The client (alice@alice-laptop) did not renew its lease for 2 s, so ktun ended the intercept and gave Service 'api' back to its pods. Run `ktun intercept` again to resume.");
  }

  @Test
  void anInterceptWhoseClientRenewsStaysActive() {
    Instant until = Instant.now().plusSeconds(LEASE_SECONDS * 3L);
    await()
        .atMost(Duration.ofSeconds(LEASE_SECONDS * 3L + 5))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              renew();
              assertThat(cluster.intercept("alice-api").phase()).isEqualTo(InterceptPhase.ACTIVE);
              return Instant.now().isAfter(until);
            });
    assertThat(cluster.selectorOf("api")).isEqualTo(KtunLabels.proxyPod("api"));
  }

  private void renew() {
    Intercept renewed = cluster.renewLease(Intercept.class, "alice-api");
    assertThat(renewed.getMetadata().getGeneration()).as("a renewal does not change the generation").isEqualTo(1L);
  }
}
