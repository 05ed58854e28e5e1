package dev.ktun.operator;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectStatus;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ContextInitializer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gives a Connect a proxy of its own for as long as its client renews the lease, and reports which pod to tunnel to.
 *
 * <p>No finalizer: the proxy and its tokens are owned by the Connect, so deleting it needs no operator (the garbage
 * collector removes them), and nothing else in the cluster has to be given back. An expired Connect keeps its status
 * for the developer to read, but its objects are deleted at once.
 */
@Workflow(
    dependents = {
      @Dependent(name = "tokens", type = ConnectTokensDependent.class, reconcilePrecondition = ConnectLeaseHeld.class),
      // After the tokens: the pod mounts them and would wait for a missing ConfigMap.
      @Dependent(name = "proxy", type = ConnectProxyDependent.class, dependsOn = "tokens", reconcilePrecondition = ConnectLeaseHeld.class)
    })
@ControllerConfiguration(name = "connect")
public class ConnectReconciler implements Reconciler<Connect>, ContextInitializer<Connect> {

  static final String PROXY_PODS = "connect-proxy-pods";

  private final OperatorSettings settings;
  private final Clock clock;
  private final ClientLeases leases = new ClientLeases();

  public ConnectReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void initContext(Connect connect, Context<Connect> context) {
    context
        .managedWorkflowAndDependentResourceContext()
        .put(ConnectScene.class, ConnectScene.judge(connect, leases, settings, clock.instant()));
  }

  @Override
  public UpdateControl<Connect> reconcile(Connect connect, Context<Connect> context) {
    // Deleted Connects get no cleanup call (no finalizer): their leases are forgotten here.
    leases.retainOnly(context.getPrimaryCache().list().toList());
    ConnectScene scene = ConnectScene.in(context);
    if (scene.ended()) {
      return UpdateControl.noUpdate();
    }
    if (!scene.leaseHeld()) {
      // The workflow has already deleted the proxy and its tokens.
      ConnectReport.expired(connect).write(context, settings.serverSideApply());
      leases.forget(connect);
      return UpdateControl.noUpdate();
    }
    Optional<String> pod = ProxyPods.ready(context.getSecondaryResources(Pod.class));
    ConnectReport report = pod.isPresent() ? ConnectReport.active(connect, pod.get(), settings.tunnelPort()) : ConnectReport.pending(connect);
    report.write(context, settings.serverSideApply());
    return UpdateControl.<Connect>noUpdate()
        .rescheduleAfter(ClientLeases.nextCheck(scene.leaseDeadline(), scene.now(), settings.leaseCheckInterval()));
  }

  /** Unexpected failures (API errors, conflicts) keep the phase and tell the developer that ktun keeps trying. */
  @Override
  public ErrorStatusUpdateControl<Connect> updateErrorStatus(Connect connect, Context<Connect> context, Exception e) {
    ConnectStatus status =
        connect.getStatus() == null ? new ConnectStatus() : context.getClient().getKubernetesSerialization().clone(connect.getStatus());
    status.setMessage("ktun could not finish its last step for this Connect and keeps retrying: " + e.getMessage());
    Connect patch = new Connect();
    patch.setMetadata(
        new ObjectMetaBuilder().withName(connect.getMetadata().getName()).withNamespace(connect.getMetadata().getNamespace()).build());
    patch.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(patch);
  }

  @Override
  public List<EventSource<?, Connect>> prepareEventSources(EventSourceContext<Connect> context) {
    return List.of(proxyPods(context));
  }

  /**
   * The Connect proxies' pods: which one is ready is what the status tells the client. Selected by the Connect label,
   * so Intercept proxies' pods never reach this mapper, and a pod maps to the Connect whose pod labels it carries.
   */
  private static InformerEventSource<Pod, Connect> proxyPods(EventSourceContext<Connect> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, Connect.class)
            .withName(PROXY_PODS)
            .withLabelSelector(KtunLabels.NAME + "=" + KtunLabels.PROXY + "," + KtunLabels.CONNECT)
            .withSecondaryToPrimaryMapper(
                pod ->
                    context
                        .getPrimaryCache()
                        .list(
                            pod.getMetadata().getNamespace(),
                            c -> pod.getMetadata().getLabels().entrySet().containsAll(KtunLabels.connectPod(c.getMetadata().getName()).entrySet()))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build(),
        context);
  }
}
