package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PortConflictTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  @BeforeEach
  void aliceInterceptsPort80() {
    cluster.createService("api", Map.of("app", "api"), port("web", 80, 8080), port("grpc", 9000, 9000));
    cluster.startOperator();
    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");
    cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
  }

  @Test
  void aSecondStealOfTheSamePortIsRefusedNamingTheHolder() {
    // By number this time: the same Service port as alice's "web".
    cluster.createIntercept("bob-api", "api", "bob", 80);

    Intercept refused = cluster.awaitPhase("bob-api", InterceptPhase.FAILED);

    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "Service 'api' port 80 is already intercepted by alice@alice-laptop (Intercept 'alice-api'); ask them to run `ktun leave`, or intercept another port.");
    assertThat(cluster.intercept("alice-api").phase()).isEqualTo(InterceptPhase.ACTIVE);
  }
}
