package dev.ktun.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectPhase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nothing keeps running for a dead laptop: a Connect lives as long as its client renews the lease. */
class ConnectLeaseTest {

  @RegisterExtension final MockCluster cluster = new MockCluster();

  private static final int LEASE_SECONDS = 2;

  @BeforeEach
  void activeConnect() {
    cluster.startOperator();
    cluster.createConnect("alice", "alice", LEASE_SECONDS);
    cluster.makeConnectProxyReady("alice");
    cluster.awaitConnectPhase("alice", ConnectPhase.ACTIVE);
  }

  @Test
  void aConnectWhoseLeaseIsNotRenewedExpiresAndItsProxyAndTokensAreRemoved() {
    await()
        .atMost(Duration.ofSeconds(LEASE_SECONDS + 10))
        .untilAsserted(
            () -> {
              assertThat(cluster.connect("alice").phase()).isEqualTo(ConnectPhase.EXPIRED);
              assertThat(cluster.connectProxy("alice")).isNull();
              assertThat(cluster.connectTokens("alice")).isNull();
            });
    assertThat(cluster.connect("alice").getStatus().getMessage())
        .isEqualTo(
            "The client (alice@alice-laptop) did not renew its lease for 2 s, so ktun removed its proxy. Run `ktun connect` again to reach the cluster's Services.");
  }

  @Test
  void aConnectWhoseClientRenewsStaysActive() {
    Instant until = Instant.now().plusSeconds(LEASE_SECONDS * 3L);
    await()
        .atMost(Duration.ofSeconds(LEASE_SECONDS * 3L + 5))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Connect renewed = cluster.renewLease(Connect.class, "alice");
              assertThat(renewed.getMetadata().getGeneration()).as("a renewal does not change the generation").isEqualTo(1L);
              assertThat(cluster.connect("alice").phase()).isEqualTo(ConnectPhase.ACTIVE);
              return Instant.now().isAfter(until);
            });
    assertThat(cluster.connectProxy("alice")).isNotNull();
    assertThat(cluster.connectTokens("alice")).isNotNull();
  }
}
