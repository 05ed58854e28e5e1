package dev.ktun.operator;

import dev.ktun.api.Intercept;
import dev.ktun.api.KtunAnnotations;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each client last proved it is alive, by the operator's own clock.
 *
 * <p>The client writes an RFC 3339 time into {@link KtunAnnotations#LEASE_RENEWED_AT}, but a laptop's clock can be
 * minutes off the cluster's. So, like client-go's leader election, the operator trusts only that the value
 * <em>changed</em>, and times the lease from when it saw the change. A restarted operator has seen nothing yet and
 * starts every lease afresh: an Intercept whose client died survives at most one extra lease after a restart.
 */
final class ClientLeases {

  private record Observation(String renewal, Instant seenAt) {}

  private final Map<String, Observation> observed = new ConcurrentHashMap<>();

  /** When the Intercept's lease runs out unless the client renews it before. */
  Instant deadline(Intercept intercept, Instant now) {
    String renewal = intercept.getMetadata().getAnnotations().getOrDefault(KtunAnnotations.LEASE_RENEWED_AT, "");
    Observation seen =
        observed.compute(
            intercept.getMetadata().getUid(),
            (uid, last) -> last != null && Objects.equals(last.renewal(), renewal) ? last : new Observation(renewal, now));
    return seen.seenAt().plusSeconds(intercept.getSpec().leaseSecondsOrDefault());
  }

  void forget(Intercept intercept) {
    observed.remove(intercept.getMetadata().getUid());
  }
}
