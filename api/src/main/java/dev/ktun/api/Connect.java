package dev.ktun.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A developer's request for outbound access from their machine into the cluster ({@code connects.ktun.dev}): a proxy
 * of their own in this namespace that dials cluster Services for them, and redirects nothing.
 *
 * <p>Created by {@code ktun connect}, deleted when it exits. The operator answers in {@link ConnectStatus}; the client
 * proves it is alive by renewing {@link KtunAnnotations#LEASE_RENEWED_AT}, as for an {@link Intercept}.
 */
@Group(Intercept.GROUP)
@Version(Intercept.VERSION)
@AdditionalPrinterColumn(name = "Owner", jsonPath = ".spec.owner.user")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Connect extends CustomResource<ConnectSpec, ConnectStatus> implements Namespaced {

  public static final String CRD_NAME = "connects." + Intercept.GROUP;

  /** The phase, {@link ConnectPhase#PENDING} until the operator has written one. */
  public ConnectPhase phase() {
    return getStatus() == null || getStatus().getPhase() == null ? ConnectPhase.PENDING : getStatus().getPhase();
  }
}
