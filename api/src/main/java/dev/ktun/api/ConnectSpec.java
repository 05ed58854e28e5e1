package dev.ktun.api;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What the developer asks for. Immutable once created, like {@link InterceptSpec}.
 *
 * @param owner who holds the proxy, shown by {@code kubectl get connects}
 * @param tokenSha256 lowercase hex SHA-256 of the tunnel token; the token itself never reaches the cluster
 * @param leaseSeconds how long the operator waits for a lease renewal before it removes the proxy
 */
@ValidationRule(value = "self == oldSelf", message = "a Connect cannot be changed; delete it and create a new one")
public record ConnectSpec(
    @Required InterceptOwner owner,
    @Required @Pattern("^[0-9a-f]{64}$") String tokenSha256,
    @Default("30") @Min(1) @Max(3600) Integer leaseSeconds) {

  /** The lease in seconds, with the default applied when an old client left it out. */
  public int leaseSecondsOrDefault() {
    return leaseSeconds == null ? KtunDefaults.LEASE_SECONDS : leaseSeconds;
  }
}
