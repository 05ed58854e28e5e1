package dev.ktun.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.util.Optional;

/**
 * The ktun operator, wired: JOSDK's {@link Operator} with the Intercept and Connect reconcilers, server-side apply as
 * configured, and the {@link OrphanSweep} run before the first reconciliation, by the leader only.
 */
final class KtunOperator {

  /** Who this replica is, for leader election; absent when only one replica can run (local runs, tests). */
  record Identity(String podName, String namespace) {}

  static final String LEADER_LEASE = "ktun-operator";

  private final Operator operator;
  private final boolean leaderElection;
  private final OrphanSweep sweep;

  KtunOperator(KubernetesClient client, OperatorSettings settings, Clock clock, Optional<Identity> identity) {
    this.sweep = new OrphanSweep(client);
    this.leaderElection = identity.isPresent();
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(settings.serverSideApply())
                  .withSSABasedCreateUpdateMatchForDependentResources(settings.serverSideApply());
              identity.ifPresent(
                  id ->
                      o.withLeaderElectionConfiguration(
                          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEADER_LEASE)
                              .withLeaseNamespace(id.namespace())
                              .withIdentity(id.podName())
                              .withLeaderCallbacks(new LeaderCallbacks(sweep::run, () -> {}, leader -> {}))
                              .build()));
            });
    operator.register(new InterceptReconciler(settings, clock));
    operator.register(new ConnectReconciler(settings, clock));
  }

  Operator operator() {
    return operator;
  }

  void start() {
    if (!leaderElection) {
      sweep.run();
    }
    operator.start();
  }

  void stop() {
    operator.stop();
  }
}
