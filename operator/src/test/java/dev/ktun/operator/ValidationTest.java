package dev.ktun.operator;

import static dev.ktun.operator.MockCluster.namedTarget;
import static dev.ktun.operator.MockCluster.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.ResolvedPort;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ValidationTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  @BeforeEach
  void startOperator() {
    cluster.startOperator();
  }

  @Test
  void aMissingServiceFailsWithHowToCheckTheName() {
    cluster.createIntercept("alice-api", "apl", "alice", 80);

    assertThat(cluster.awaitPhase("alice-api", InterceptPhase.FAILED).getStatus().getMessage())
        .isEqualTo("Service 'apl' does not exist in namespace 'shop'; check the name with `kubectl get services -n shop`.");
  }

  @Test
  void aServiceWithoutSelectorFails() {
    cluster.createService("external-db", null, port("pg", 5432, 5432));

    cluster.createIntercept("alice-db", "external-db", "alice", 5432);

    assertThat(cluster.awaitPhase("alice-db", InterceptPhase.FAILED).getStatus().getMessage())
        .isEqualTo("Service 'external-db' has no selector (its endpoints are managed by hand), so ktun cannot redirect it to a proxy.");
  }

  @Test
  void anUnknownPortFailsListingThePortsThereAre() {
    cluster.createService("api", Map.of("app", "api"), port("web", 80, 8080), port("tls", 443, 8443));

    cluster.createIntercept("alice-api", "api", "alice", "http");

    assertThat(cluster.awaitPhase("alice-api", InterceptPhase.FAILED).getStatus().getMessage())
        .isEqualTo("Service 'api' has no port named 'http'; its ports are 80/web, 443/tls.");
    assertThat(cluster.proxy("api")).isNull();
  }

  @Test
  void aNamedTargetPortIsResolvedFromTheBackingPods() {
    cluster.createWorkloadPod("api-5c7d-1", Map.of("app", "api"), "http-alt", 8081);
    cluster.createService("api", Map.of("app", "api"), namedTarget("web", 80, "http-alt"));

    cluster.createIntercept("alice-api", "api", "alice", "web");
    cluster.makeProxyReady("api");

    Intercept active = cluster.awaitPhase("alice-api", InterceptPhase.ACTIVE);
    assertThat(active.getStatus().getPorts()).containsExactly(new ResolvedPort("web", 80, 8081, 8080));
    assertThat(cluster.proxy("api").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--route", "8081=api-ktun-origin.shop.svc:80");
  }

  @Test
  void aNamedTargetPortNoPodDeclaresFailsSayingWhatToDo() {
    cluster.createWorkloadPod("api-5c7d-1", Map.of("app", "api"), "http", 8080);
    cluster.createService("api", Map.of("app", "api"), namedTarget("web", 80, "http-alt"));

    cluster.createIntercept("alice-api", "api", "alice", "web");

    assertThat(cluster.awaitPhase("alice-api", InterceptPhase.FAILED).getStatus().getMessage())
        .isEqualTo(
            "Service 'api' port 80 sends traffic to the container port named 'http-alt', but none of its pods declares a container port of that name; start the Service's pods, or give the port a numeric targetPort.");
  }
}
