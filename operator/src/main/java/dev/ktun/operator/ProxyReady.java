package dev.ktun.operator;

import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The proxy has a pod that passes its readiness probe: only then may the Service point to it. */
public class ProxyReady implements Condition<Deployment, Intercept> {

  @Override
  public boolean isMet(DependentResource<Deployment, Intercept> dependent, Intercept primary, Context<Intercept> context) {
    return dependent
        .getSecondaryResource(primary, context)
        .map(d -> d.getStatus() != null && d.getStatus().getReadyReplicas() != null && d.getStatus().getReadyReplicas() > 0)
        .orElse(false);
  }
}
