package dev.ktun.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A developer's request to receive a Service's traffic on their machine ({@code intercepts.ktun.dev}).
 *
 * <p>Created by {@code ktun intercept}, deleted by {@code ktun leave} or Ctrl-C. The operator answers in
 * {@link InterceptStatus}; the client proves it is alive by renewing {@link KtunAnnotations#LEASE_RENEWED_AT}.
 */
@Group(Intercept.GROUP)
@Version(Intercept.VERSION)
@ShortNames("ic")
@AdditionalPrinterColumn(name = "Owner", jsonPath = ".spec.owner.user")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Intercept extends CustomResource<InterceptSpec, InterceptStatus> implements Namespaced {

  public static final String GROUP = "ktun.dev";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "intercepts." + GROUP;

  /** The Service this Intercept redirects, in the Intercept's namespace. */
  public String serviceName() {
    return getSpec().service();
  }

  /** The phase, {@link InterceptPhase#PENDING} until the operator has written one. */
  public InterceptPhase phase() {
    return getStatus() == null || getStatus().getPhase() == null ? InterceptPhase.PENDING : getStatus().getPhase();
  }
}
