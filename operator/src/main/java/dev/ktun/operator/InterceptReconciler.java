package dev.ktun.operator;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptStatus;
import dev.ktun.api.KtunLabels;
import dev.ktun.operator.SelectorSwap.Outcome;
import dev.ktun.operator.Verdict.Admitted;
import dev.ktun.operator.Verdict.Expired;
import dev.ktun.operator.Verdict.Refused;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ContextInitializer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an Intercept into a proxy and a repointed Service, and gives the Service back when the Intercept ends.
 *
 * <p>The workflow keeps the shared objects (origin Service, tokens, proxy Deployment) as the {@link ServiceScene}
 * wants them; this class then judges the Intercept, moves the user's Service selector (never owned, never a
 * dependent: see {@link SelectorSwap}) and reports the outcome in the status.
 */
@Workflow(
    dependents = {
      @Dependent(name = "origin", type = OriginServiceDependent.class, reconcilePrecondition = ProxyNeeded.class),
      @Dependent(name = "tokens", type = ProxyTokensDependent.class, reconcilePrecondition = ProxyNeeded.class),
      @Dependent(
          name = "proxy",
          type = ProxyDeploymentDependent.class,
          dependsOn = {"origin", "tokens"},
          reconcilePrecondition = ProxyNeeded.class,
          readyPostcondition = ProxyReady.class)
    })
@ControllerConfiguration(name = "intercept")
public class InterceptReconciler implements Reconciler<Intercept>, Cleaner<Intercept>, ContextInitializer<Intercept> {

  static final String USER_SERVICE = "user-service";
  static final String SIBLINGS = "sibling-intercepts";
  static final String PROXY_PODS = "proxy-pods";

  private final OperatorSettings settings;
  private final Clock clock;
  private final ClientLeases leases = new ClientLeases();
  private final StatusWriter statusWriter;

  public InterceptReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.statusWriter = new StatusWriter(settings.serverSideApply());
  }

  @Override
  public void initContext(Intercept intercept, Context<Intercept> context) {
    String namespace = intercept.getMetadata().getNamespace();
    ServiceScene scene =
        new ServiceScene(
            namespace,
            intercept.serviceName(),
            userService(intercept, context),
            InterceptIndex.intercepts(context.getPrimaryCache(), namespace, intercept.serviceName()),
            clock.instant(),
            leases,
            context.getClient(),
            settings);
    context.managedWorkflowAndDependentResourceContext().put(ServiceScene.class, scene);
  }

  /**
   * The intercepted Service as the informer has it or, when the informer has none, as the API server has it: a Service
   * created just before the Intercept may not have reached the cache yet, and "not found" would end the Intercept.
   */
  private static Service userService(Intercept intercept, Context<Intercept> context) {
    return context
        .getSecondaryResource(Service.class, USER_SERVICE)
        .orElseGet(() -> context.getClient().services().inNamespace(intercept.getMetadata().getNamespace()).withName(intercept.serviceName()).get());
  }

  @Override
  public UpdateControl<Intercept> reconcile(Intercept intercept, Context<Intercept> context) {
    ServiceScene scene = ServiceScene.in(context);
    Verdict verdict = scene.verdict(intercept);
    if (verdict instanceof Admitted admitted) {
      return admitted(intercept, admitted, scene, context);
    }
    if (verdict instanceof Refused refused) {
      statusWriter.write(intercept, StatusReport.failed(intercept, refused.reason(), refused.message(), scene.now()), context);
    } else if (verdict instanceof Expired expired) {
      statusWriter.write(intercept, StatusReport.expired(intercept, expired.message(), scene.now()), context);
    }
    return switch (giveBackIfUnused(scene, context)) {
      case UNCHANGED -> UpdateControl.noUpdate();
      // The workflow kept the proxy for the Service as it was before this pass; the next pass sees it given back
      // (ktun's own write is in the cache, and its watch event is not delivered for that reason) and lets it go.
      case WRITTEN -> UpdateControl.<Intercept>noUpdate().rescheduleAfter(Duration.ZERO);
      // Decided from an old picture of the Service: decide again, at once if the change's watch event comes first.
      case STALE -> UpdateControl.<Intercept>noUpdate().rescheduleAfter(settings.leaseCheckInterval());
    };
  }

  private UpdateControl<Intercept> admitted(Intercept intercept, Admitted admitted, ServiceScene scene, Context<Intercept> context) {
    boolean proxyReady =
        context
            .managedWorkflowAndDependentResourceContext()
            .getWorkflowReconcileResult()
            .map(WorkflowReconcileResult::allDependentResourcesReady)
            .orElse(false);
    if (proxyReady) {
      var original = scene.originalSelector().orElseThrow();
      if (selectorSwap(context).repoint(scene.service().orElseThrow()) == Outcome.STALE) {
        // Not Active: the Service changed under this decision, which is taken again from the new Service.
        return UpdateControl.<Intercept>noUpdate().rescheduleAfter(settings.leaseCheckInterval());
      }
      statusWriter.write(
          intercept,
          StatusReport.active(
              intercept, admitted.ports(), original, ProxyPods.ready(context.getSecondaryResources(Pod.class)).orElse(null),
              ProxyPorts.around(settings, scene.routes().keySet()).tunnel(), scene.now()),
          context);
    } else {
      String waiting = "Waiting for the ktun proxy of Service '%s' to become ready.".formatted(scene.serviceName());
      statusWriter.write(intercept, StatusReport.pending(intercept, admitted.ports(), waiting, scene.now()), context);
    }
    return UpdateControl.<Intercept>noUpdate()
        .rescheduleAfter(ClientLeases.nextCheck(admitted.leaseDeadline(), scene.now(), settings.leaseCheckInterval()));
  }

  /**
   * The finalizer goes only once the Service is given back: when the guard refused the write, ktun tries again, since
   * nothing would give the Service back after the Intercept is gone.
   */
  @Override
  public DeleteControl cleanup(Intercept intercept, Context<Intercept> context) {
    if (giveBackIfUnused(ServiceScene.in(context), context) == Outcome.STALE) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.leaseCheckInterval());
    }
    leases.forget(intercept);
    return DeleteControl.defaultDelete();
  }

  /** The Service goes back to its pods (if still ours) once no Intercept on it is admitted any more. */
  private static Outcome giveBackIfUnused(ServiceScene scene, Context<Intercept> context) {
    if (!scene.admitted().isEmpty() || scene.service().isEmpty()) {
      return Outcome.UNCHANGED;
    }
    return selectorSwap(context).restore(scene.service().get());
  }

  /**
   * Swaps that put what they write into the informer's cache, as JOSDK's dependents do: a reconciliation that runs
   * before the Service's watch event arrives (a lease check, a proxy pod event, a sibling Intercept) must see the
   * Service as ktun left it. Otherwise it takes ktun's own repointing for someone else's edit, deletes the proxy the
   * Service points to, or gives the Service back twice.
   */
  private static SelectorSwap selectorSwap(Context<Intercept> context) {
    var services = (InformerEventSource<Service, Intercept>) context.eventSourceRetriever().getEventSourceFor(Service.class, USER_SERVICE);
    return new SelectorSwap(
        context.getClient(), (read, written) -> services.handleRecentResourceUpdate(ResourceID.fromResource(written), written, read));
  }

  /** Unexpected failures (API errors, conflicts) keep the phase and tell the developer that ktun keeps trying. */
  @Override
  public ErrorStatusUpdateControl<Intercept> updateErrorStatus(Intercept intercept, Context<Intercept> context, Exception e) {
    InterceptStatus status =
        intercept.getStatus() == null
            ? new InterceptStatus()
            : context.getClient().getKubernetesSerialization().clone(intercept.getStatus());
    status.setMessage("ktun could not finish its last step for this intercept and keeps retrying: " + e.getMessage());
    Intercept patch = new Intercept();
    patch.setMetadata(
        new ObjectMetaBuilder().withName(intercept.getMetadata().getName()).withNamespace(intercept.getMetadata().getNamespace()).build());
    patch.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(patch);
  }

  @Override
  public List<EventSource<?, Intercept>> prepareEventSources(EventSourceContext<Intercept> context) {
    InterceptIndex.register(context.getPrimaryCache());
    return List.of(userServices(context), siblings(context), proxyPods(context));
  }

  /** The intercepted Services: a changed selector or port must reach every Intercept on it at once. */
  private static InformerEventSource<Service, Intercept> userServices(EventSourceContext<Intercept> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Service.class, Intercept.class)
            .withName(USER_SERVICE)
            .withSecondaryToPrimaryMapper(
                s -> InterceptIndex.onService(context.getPrimaryCache(), s.getMetadata().getNamespace(), s.getMetadata().getName()))
            .withPrimaryToSecondaryMapper(
                (Intercept i) -> Set.of(new ResourceID(i.serviceName(), i.getMetadata().getNamespace())))
            .build(),
        context);
  }

  /**
   * The other Intercepts on the same Service: when one ends, the others rewrite the shared tokens and owners.
   * Lease renewals are filtered out; they change neither.
   */
  private static InformerEventSource<Intercept, Intercept> siblings(EventSourceContext<Intercept> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Intercept.class, Intercept.class)
            .withName(SIBLINGS)
            .withSecondaryToPrimaryMapper(
                sibling ->
                    InterceptIndex.onService(context.getPrimaryCache(), sibling.getMetadata().getNamespace(), sibling.serviceName())
                        .stream()
                        .filter(id -> !id.equals(ResourceID.fromResource(sibling)))
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (updated, old) ->
                    updated.phase() != old.phase()
                        || !Objects.equals(updated.getMetadata().getDeletionTimestamp(), old.getMetadata().getDeletionTimestamp()))
            .build(),
        context);
  }

  /**
   * The proxy pods: which one is ready is what the status tells the client. Only those of a Service: a Connect's
   * proxy pods carry no Service label and are the Connect reconciler's.
   */
  private static InformerEventSource<Pod, Intercept> proxyPods(EventSourceContext<Intercept> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, Intercept.class)
            .withName(PROXY_PODS)
            .withLabelSelector(KtunLabels.NAME + "=" + KtunLabels.PROXY + "," + KtunLabels.SERVICE)
            .withSecondaryToPrimaryMapper(
                pod ->
                    InterceptIndex.onService(
                        context.getPrimaryCache(), pod.getMetadata().getNamespace(), pod.getMetadata().getLabels().get(KtunLabels.SERVICE)))
            .build(),
        context);
  }
}
