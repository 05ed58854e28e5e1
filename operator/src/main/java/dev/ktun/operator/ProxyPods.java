package dev.ktun.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Which of a proxy's pods a client should open its tunnel to. */
final class ProxyPods {

  /**
   * A pod that passes its readiness check and is not terminating (a rollout's old pod is about to go), the same one
   * whichever reconciliation asks.
   */
  static Optional<String> ready(Collection<Pod> pods) {
    return pods.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(Readiness::isPodReady)
        .map(p -> p.getMetadata().getName())
        .min(Comparator.naturalOrder());
  }


  private ProxyPods() {}
}
