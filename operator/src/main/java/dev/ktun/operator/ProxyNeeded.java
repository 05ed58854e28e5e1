package dev.ktun.operator;

import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Precondition of the shared objects: see {@link ServiceScene#proxyNeeded()}. When it fails they are deleted. */
public class ProxyNeeded implements Condition<HasMetadata, Intercept> {

  @Override
  public boolean isMet(DependentResource<HasMetadata, Intercept> dependent, Intercept primary, Context<Intercept> context) {
    return ServiceScene.in(context).proxyNeeded();
  }
}
