package dev.ktun.operator;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.ResolvedPort;
import dev.ktun.operator.Verdict.Admitted;
import dev.ktun.operator.Verdict.Ended;
import dev.ktun.operator.Verdict.Expired;
import dev.ktun.operator.Verdict.Reason;
import dev.ktun.operator.Verdict.Refused;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything one reconciliation knows about an intercepted Service and all the Intercepts on it, observed once from
 * the informer caches. The proxy, its tokens and its owners are shared by all those Intercepts, so every decision is
 * taken from this whole picture: any of them, reconciled at any time, computes the same shared objects.
 */
final class ServiceScene {

  private final String namespace;
  private final String serviceName;
  private final Service service;
  private final List<Intercept> intercepts;
  private final Instant now;
  private final ClientLeases leases;
  private final ServicePorts ports;
  private final OperatorSettings settings;
  private final Map<String, Verdict> verdicts = new HashMap<>();

  ServiceScene(
      String namespace,
      String serviceName,
      Service service,
      List<Intercept> intercepts,
      Instant now,
      ClientLeases leases,
      KubernetesClient client,
      OperatorSettings settings) {
    this.namespace = namespace;
    this.serviceName = serviceName;
    this.service = service;
    this.intercepts = intercepts.stream().sorted(OLDEST_FIRST).toList();
    this.now = now;
    this.leases = leases;
    this.settings = settings;
    this.ports =
        service == null
            ? null
            : new ServicePorts(
                service,
                () -> client.pods().inNamespace(namespace).withLabels(originalSelector().orElse(Map.of())).list().getItems());
  }

  private static final Comparator<Intercept> OLDEST_FIRST =
      Comparator.comparing((Intercept i) -> i.getMetadata().getCreationTimestamp(), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(i -> i.getMetadata().getName());

  /** The scene the reconciler put into this reconciliation's context. */
  static ServiceScene in(Context<Intercept> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(ServiceScene.class, ServiceScene.class);
  }

  String namespace() {
    return namespace;
  }

  String serviceName() {
    return serviceName;
  }

  Optional<Service> service() {
    return Optional.ofNullable(service);
  }

  OperatorSettings settings() {
    return settings;
  }

  Instant now() {
    return now;
  }

  /** The selector the Service had before ktun: the recorded one while repointed, else its current one. */
  Optional<Map<String, String>> originalSelector() {
    if (service == null) {
      return Optional.empty();
    }
    Optional<Map<String, String>> recorded = SelectorSwap.recordedOriginal(service);
    if (recorded.isPresent()) {
      return recorded;
    }
    Map<String, String> current = SelectorSwap.selector(service);
    return current.isEmpty() || SelectorSwap.pointsToProxy(service) ? Optional.empty() : Optional.of(current);
  }

  boolean pointsToProxy() {
    return service != null && SelectorSwap.pointsToProxy(service);
  }

  /** The Intercepts the proxy serves now: their tokens are accepted and their owners keep it alive. */
  List<Intercept> admitted() {
    return intercepts.stream().filter(i -> verdict(i) instanceof Admitted).toList();
  }

  /**
   * Whether the proxy and origin Service must exist: while someone is admitted, and also while the Service still
   * points to the proxy, so that the proxy outlives the selector and traffic never meets a deleted pod.
   */
  boolean proxyNeeded() {
    return proxyBuildable() && (!admitted().isEmpty() || pointsToProxy());
  }

  /**
   * Whether the proxy can be described at all: the Service's original selector and numeric target ports known.
   * When they are not (its pods scaled to zero behind a named target port, its annotation lost), every Intercept on
   * it is refused anyway, and there are no pods the proxy could send traffic to.
   */
  private boolean proxyBuildable() {
    return service != null && originalSelector().isPresent() && !ports.targets().byServicePort().isEmpty();
  }

  /**
   * The owners of the shared objects: every Intercept on the Service that is not being deleted. Kubernetes' garbage
   * collector removes the objects when the last of them is gone, also when the operator is not running.
   */
  List<OwnerReference> owners() {
    return intercepts.stream()
        .filter(i -> i.getMetadata().getDeletionTimestamp() == null)
        .map(
            i ->
                new OwnerReferenceBuilder()
                    .withApiVersion(i.getApiVersion())
                    .withKind(i.getKind())
                    .withName(i.getMetadata().getName())
                    .withUid(i.getMetadata().getUid())
                    .build())
        .toList();
  }

  /** The proxy's routes: numeric target port to origin Service port, for every TCP port of the Service. */
  Map<Integer, Integer> routes() {
    Map<Integer, Integer> routes = new TreeMap<>();
    ports.targets().byServicePort().forEach((port, target) -> routes.putIfAbsent(target, port));
    return routes;
  }

  Verdict verdict(Intercept intercept) {
    return verdicts.computeIfAbsent(intercept.getMetadata().getUid(), uid -> judge(intercept));
  }

  private Verdict judge(Intercept intercept) {
    if (intercept.getMetadata().getDeletionTimestamp() != null || intercept.phase().isFinal()) {
      return new Ended();
    }
    Optional<Refused> refusal = serviceProblem(intercept);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    Instant deadline = leases.deadline(intercept, intercept.getSpec().leaseSecondsOrDefault(), now);
    if (now.isAfter(deadline)) {
      return new Expired(
          "The client (%s) did not renew its lease for %d s, so ktun ended the intercept and gave Service '%s' back to its pods. Run `ktun intercept` again to resume."
              .formatted(intercept.getSpec().owner().describe(), intercept.getSpec().leaseSecondsOrDefault(), serviceName));
    }
    List<ResolvedPort> resolved = new ArrayList<>();
    for (InterceptPort requested : intercept.getSpec().ports()) {
      Optional<ServicePort> port = ports.find(requested.port());
      if (port.isEmpty()) {
        return new Refused(Reason.UNKNOWN_PORT, unknownPort(requested));
      }
      if (!ServicePorts.isTcp(port.get())) {
        return new Refused(
            Reason.UNKNOWN_PORT,
            "Service '%s' port %d is %s; ktun intercepts TCP ports only.".formatted(serviceName, port.get().getPort(), port.get().getProtocol()));
      }
      Optional<Intercept> holder = holderOf(port.get().getPort());
      if (holder.isPresent() && !holder.get().getMetadata().getUid().equals(intercept.getMetadata().getUid())) {
        return new Refused(Reason.PORT_CONFLICT, conflict(port.get(), holder.get()));
      }
      resolved.add(
          new ResolvedPort(
              port.get().getName(),
              port.get().getPort(),
              ports.targets().byServicePort().get(port.get().getPort()),
              requested.localPort()));
    }
    return new Admitted(List.copyOf(resolved), deadline);
  }

  /** Problems of the Service itself: they refuse every Intercept on it alike. */
  private Optional<Refused> serviceProblem(Intercept intercept) {
    if (service == null) {
      return refused(
          Reason.SERVICE_NOT_FOUND,
          "Service '%s' does not exist in namespace '%s'; check the name with `kubectl get services -n %s`.",
          serviceName,
          namespace,
          namespace);
    }
    if ("ExternalName".equals(service.getSpec().getType())) {
      return refused(
          Reason.SERVICE_NOT_INTERCEPTABLE,
          "Service '%s' is an ExternalName Service: it has no pods of its own that ktun could stand in for.",
          serviceName);
    }
    boolean recorded = SelectorSwap.recordedOriginal(service).isPresent();
    boolean wasActive = intercept.phase() == InterceptPhase.ACTIVE;
    if ((recorded || wasActive) && !pointsToProxy() && !SelectorSwap.selector(service).isEmpty()) {
      return refused(
          Reason.SELECTOR_OVERWRITTEN,
          "Someone else changed the selector of Service '%s' to %s while it was intercepted; ktun ended the intercept and left that selector in place. Run `ktun intercept` again to intercept the new pods.",
          serviceName,
          describe(SelectorSwap.selector(service)));
    }
    if (originalSelector().isEmpty()) {
      return refused(
          Reason.SERVICE_NOT_INTERCEPTABLE,
          pointsToProxy()
              ? "Service '%s' points to the ktun proxy but has lost its %s annotation, so ktun cannot tell where its traffic belongs; restore the Service's selector (for example by re-applying its manifest)."
                  .formatted(serviceName, KtunAnnotations.ORIGINAL_SELECTOR)
              : "Service '%s' has no selector (its endpoints are managed by hand), so ktun cannot redirect it to a proxy."
                  .formatted(serviceName));
    }
    if (ports.targets().byServicePort().isEmpty()) {
      return refused(
          Reason.TARGET_PORT_UNRESOLVED,
          "%s",
          ports.targets().problem() != null
              ? ports.targets().problem()
              : "Service '%s' has no TCP port; its ports are %s.".formatted(serviceName, ports.describe()));
    }
    return Optional.empty();
  }

  /** The Intercept that holds a Service port: the oldest live one asking for it. */
  private Optional<Intercept> holderOf(int servicePort) {
    return intercepts.stream()
        .filter(i -> i.getMetadata().getDeletionTimestamp() == null && !i.phase().isFinal())
        .filter(i -> !now.isAfter(leases.deadline(i, i.getSpec().leaseSecondsOrDefault(), now)))
        .filter(i -> i.getSpec().ports().stream().anyMatch(p -> ports.find(p.port()).map(ServicePort::getPort).orElse(-1) == servicePort))
        .findFirst();
  }

  private String unknownPort(InterceptPort requested) {
    String what =
        requested.port().getIntVal() != null ? "port " + requested.port().getIntVal() : "port named '" + requested.port().getStrVal() + "'";
    return "Service '%s' has no %s; its ports are %s.".formatted(serviceName, what, ports.describe());
  }

  private String conflict(ServicePort port, Intercept holder) {
    return "Service '%s' port %d is already intercepted by %s (Intercept '%s'); ask them to run `ktun leave`, or intercept another port."
        .formatted(serviceName, port.getPort(), holder.getSpec().owner().describe(), holder.getMetadata().getName());
  }

  static String describe(Map<String, String> selector) {
    return new TreeMap<>(selector)
        .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static Optional<Refused> refused(String reason, String format, Object... args) {
    return Optional.of(new Refused(reason, format.formatted(args)));
  }
}
