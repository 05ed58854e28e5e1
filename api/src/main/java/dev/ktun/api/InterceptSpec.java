package dev.ktun.api;

import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What the developer asks for. Immutable once created: the client deletes and recreates an Intercept rather than
 * editing it, so the operator never has to move a live intercept to another Service.
 *
 * @param service the Service to intercept, in the Intercept's namespace
 * @param ports the Service ports to redirect and the local port each one reaches on the developer's machine
 * @param mode how traffic is taken; {@link InterceptMode#STEAL} is the only mode so far
 * @param owner who holds the intercept, named in conflict messages
 * @param tokenSha256 lowercase hex SHA-256 of the tunnel token; the token itself never reaches the cluster
 * @param leaseSeconds how long the operator waits for a lease renewal before it ends the intercept
 */
@ValidationRule(value = "self == oldSelf", message = "an Intercept cannot be changed; delete it and create a new one")
public record InterceptSpec(
    @Required @PrinterColumn(name = "Service") @Pattern(DNS_LABEL) String service,
    @Required @Size(min = 1) List<InterceptPort> ports,
    @Default("steal") InterceptMode mode,
    @Required InterceptOwner owner,
    @Required @Pattern("^[0-9a-f]{64}$") String tokenSha256,
    @Default("30") @Min(1) @Max(3600) Integer leaseSeconds) {

  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** The lease in seconds, with the default applied when an old client left it out. */
  public int leaseSecondsOrDefault() {
    return leaseSeconds == null ? KtunDefaults.LEASE_SECONDS : leaseSeconds;
  }

  /** The mode, with the default applied when an old client left it out. */
  public InterceptMode modeOrDefault() {
    return mode == null ? InterceptMode.STEAL : mode;
  }
}
