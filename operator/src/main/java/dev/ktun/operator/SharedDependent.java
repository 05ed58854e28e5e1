package dev.ktun.operator;

import dev.ktun.api.Intercept;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericResourceUpdater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * An object shared by all Intercepts on one Service. JOSDK's Kubernetes dependents assume one owner per object;
 * here every Intercept on the Service owns it, so the owner references come from the {@link ServiceScene} (the same
 * list whichever Intercept is reconciled), count when matching, and are written on update. When no Intercept needs
 * the object any more, the reconcile precondition fails and JOSDK deletes it.
 */
abstract class SharedDependent<R extends HasMetadata> extends KubernetesDependentResource<R, Intercept>
    implements Creator<R, Intercept>, Updater<R, Intercept>, GarbageCollected<Intercept> {

  SharedDependent(Class<R> type) {
    super(type);
  }

  /** The object for this Service, without owners. */
  protected abstract R desired(ServiceScene scene);

  /** The object's name for a Service: known without computing the whole object, which may not be computable. */
  protected abstract String name(String service);

  @Override
  protected ResourceID targetSecondaryResourceID(Intercept primary, Context<Intercept> context) {
    return new ResourceID(name(primary.serviceName()), primary.getMetadata().getNamespace());
  }

  @Override
  protected final R desired(Intercept primary, Context<Intercept> context) {
    ServiceScene scene = ServiceScene.in(context);
    R desired = desired(scene);
    desired.getMetadata().setOwnerReferences(scene.owners());
    return desired;
  }

  @Override
  protected boolean addOwnerReference() {
    return false;
  }

  @Override
  public Result<R> match(R actual, R desired, Intercept primary, Context<Intercept> context) {
    Result<R> result = super.match(actual, desired, primary, context);
    return result.matched() && sameOwners(actual, desired) ? result : Result.computed(false, desired);
  }

  @Override
  public R update(R actual, R desired, Intercept primary, Context<Intercept> context) {
    if (useSSA(context)) {
      return super.update(actual, desired, primary, context);
    }
    // JOSDK's non-SSA update keeps the actual metadata, owners included; the owners are what changes most here.
    addMetadata(false, actual, desired, primary, context);
    R merged = GenericResourceUpdater.updateResource(actual, desired, context);
    merged.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
    return prepare(context, merged, primary, "Updating").update();
  }

  /** Events on the object concern every Intercept on its Service, found through its service label. */
  @Override
  protected Optional<SecondaryToPrimaryMapper<R>> getSecondaryToPrimaryMapper(EventSourceContext<Intercept> context) {
    return Optional.of(
        object ->
            InterceptIndex.onService(
                context.getPrimaryCache(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getLabels().get(KtunLabels.SERVICE)));
  }

  private static boolean sameOwners(HasMetadata actual, HasMetadata desired) {
    return uids(actual.getMetadata().getOwnerReferences()).equals(uids(desired.getMetadata().getOwnerReferences()));
  }

  private static HashSet<String> uids(List<OwnerReference> owners) {
    HashSet<String> uids = new HashSet<>();
    owners.forEach(o -> uids.add(o.getUid()));
    return uids;
  }
}
