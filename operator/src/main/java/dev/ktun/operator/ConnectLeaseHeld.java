package dev.ktun.operator;

import dev.ktun.api.Connect;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Precondition of a Connect's proxy and tokens: see {@link ConnectScene#leaseHeld()}. When it fails they are deleted. */
public class ConnectLeaseHeld implements Condition<HasMetadata, Connect> {

  @Override
  public boolean isMet(DependentResource<HasMetadata, Connect> dependent, Connect primary, Context<Connect> context) {
    return ConnectScene.in(context).leaseHeld();
  }
}
