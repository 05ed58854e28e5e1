package dev.ktun.operator;

import dev.ktun.api.KtunAnnotations;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * When each client last proved it is alive, by the operator's own clock. A client holds an Intercept or a Connect.
 *
 * <p>The client writes an RFC 3339 time into {@link KtunAnnotations#LEASE_RENEWED_AT}, but a laptop's clock can be
 * minutes off the cluster's. So, like client-go's leader election, the operator trusts only that the value
 * <em>changed</em>, and times the lease from when it saw the change. A restarted operator has seen nothing yet and
 * starts every lease afresh: a resource whose client died survives at most one extra lease after a restart.
 */
final class ClientLeases {

  private record Observation(String renewal, Instant seenAt) {}

  private final Map<String, Observation> observed = new ConcurrentHashMap<>();

  /** When the lease on this resource runs out unless its client renews it before. */
  Instant deadline(HasMetadata leased, int leaseSeconds, Instant now) {
    String renewal = leased.getMetadata().getAnnotations().getOrDefault(KtunAnnotations.LEASE_RENEWED_AT, "");
    Observation seen =
        observed.compute(
            leased.getMetadata().getUid(),
            (uid, last) -> last != null && Objects.equals(last.renewal(), renewal) ? last : new Observation(renewal, now));
    return seen.seenAt().plusSeconds(leaseSeconds);
  }

  void forget(HasMetadata leased) {
    observed.remove(leased.getMetadata().getUid());
  }

  /** Forgets every resource but these: for resources deleted without a finalizer, so without a cleanup call. */
  void retainOnly(Collection<? extends HasMetadata> live) {
    Set<String> uids = live.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    observed.keySet().retainAll(uids);
  }

  /**
   * When to look at a lease again. Renewals do not wake a reconciler (they do not change the generation), so it comes
   * back on its own: just after the deadline, or after {@code interval} if that is sooner.
   */
  static Duration nextCheck(Instant deadline, Instant now, Duration interval) {
    Duration untilDeadline = Duration.between(now, deadline).plusMillis(50);
    return untilDeadline.compareTo(interval) < 0 ? untilDeadline : interval;
  }
}
