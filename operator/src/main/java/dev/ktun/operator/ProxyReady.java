package dev.ktun.operator;

import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The proxy has a pod that passes its readiness probe: only then may the Service point to it. Judged from the pods
 * themselves rather than the Deployment's ready count, which its controller writes a moment later: the Service is
 * repointed that much sooner, and the status names the very pod that made this true.
 */
public class ProxyReady implements Condition<Deployment, Intercept> {

  @Override
  public boolean isMet(DependentResource<Deployment, Intercept> dependent, Intercept primary, Context<Intercept> context) {
    return dependent.getSecondaryResource(primary, context).isPresent()
        && ProxyPods.ready(context.getSecondaryResources(Pod.class)).isPresent();
  }
}
