package dev.ktun.operator;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectPhase;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;

/**
 * What one reconciliation of a Connect knows, judged once before the workflow runs, so that the workflow (keep or
 * remove the proxy) and the status agree.
 *
 * @param leaseDeadline when the client's lease runs out; {@code null} once the Connect has ended (Expired, or being
 *     deleted), when there is no lease left to judge
 */
record ConnectScene(OperatorSettings settings, Instant now, Instant leaseDeadline) {

  static ConnectScene judge(Connect connect, ClientLeases leases, OperatorSettings settings, Instant now) {
    boolean ended = connect.phase() == ConnectPhase.EXPIRED || connect.getMetadata().getDeletionTimestamp() != null;
    return new ConnectScene(settings, now, ended ? null : leases.deadline(connect, connect.getSpec().leaseSecondsOrDefault(), now));
  }

  /** The scene the reconciler put into this reconciliation's context. */
  static ConnectScene in(Context<Connect> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(ConnectScene.class, ConnectScene.class);
  }

  boolean ended() {
    return leaseDeadline == null;
  }

  /** The client renewed in time: its proxy must run. Otherwise nothing may keep running for it. */
  boolean leaseHeld() {
    return !ended() && !now.isAfter(leaseDeadline);
  }
}
