package dev.ktun.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class InterceptJsonTest {

  @Test
  void readsWhatTheClientWritesWithNamedAndNumberedPorts() {
    String yaml =
        """
        apiVersion: ktun.dev/v1alpha1
        kind: Intercept
        metadata: {name: alice-api, namespace: shop}
        spec:
          service: api
          ports: [{port: http, localPort: 8080}, {port: 9090, localPort: 9090}]
          owner: {user: alice, host: laptop-7}
          tokenSha256: %s
        status:
          phase: Active
        """
            .formatted("ab".repeat(32));

    Intercept intercept = Serialization.unmarshal(yaml, Intercept.class);

    assertThat(intercept.serviceName()).isEqualTo("api");
    assertThat(intercept.getSpec().ports().get(0).port().getStrVal()).isEqualTo("http");
    assertThat(intercept.getSpec().ports().get(1).port().getIntVal()).isEqualTo(9090);
    assertThat(intercept.getSpec().owner().describe()).isEqualTo("alice@laptop-7");
    assertThat(intercept.getSpec().leaseSecondsOrDefault()).isEqualTo(KtunDefaults.LEASE_SECONDS);
    assertThat(intercept.getSpec().modeOrDefault()).isEqualTo(InterceptMode.STEAL);
    assertThat(intercept.phase()).isEqualTo(InterceptPhase.ACTIVE);
  }

  @Test
  void anInterceptWithoutStatusIsPending() {
    assertThat(new Intercept().phase()).isEqualTo(InterceptPhase.PENDING);
  }
}
