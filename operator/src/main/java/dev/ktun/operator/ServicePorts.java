package dev.ktun.operator;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ports of an intercepted Service, and the numeric port behind each: the port the proxy must listen on so that
 * the repointed Service's traffic reaches it.
 */
final class ServicePorts {

  /** The numeric target port of each TCP Service port, or the sentence explaining which one cannot be resolved. */
  record Targets(Map<Integer, Integer> byServicePort, String problem) {}

  private final Service service;
  private final Supplier<List<Pod>> backingPods;
  private Targets targets;

  /** @param backingPods the pods the Service's original selector selects; asked only for named target ports */
  ServicePorts(Service service, Supplier<List<Pod>> backingPods) {
    this.service = service;
    this.backingPods = backingPods;
  }

  List<ServicePort> all() {
    return service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
  }

  /** The Service port a developer asked for, by number ({@code 80}, also as a string) or by name ({@code http}). */
  Optional<ServicePort> find(IntOrString requested) {
    String wanted = requested.getIntVal() != null ? requested.getIntVal().toString() : requested.getStrVal();
    return all().stream()
        .filter(p -> wanted.equals(String.valueOf(p.getPort())) || wanted.equals(p.getName()))
        .findFirst();
  }

  /** {@code 80/web, 443/tls}: what a developer can choose from. */
  String describe() {
    if (all().isEmpty()) {
      return "none";
    }
    return all().stream()
        .map(p -> p.getName() == null || p.getName().isEmpty() ? String.valueOf(p.getPort()) : p.getPort() + "/" + p.getName())
        .collect(Collectors.joining(", "));
  }

  static boolean isTcp(ServicePort port) {
    return port.getProtocol() == null || "TCP".equals(port.getProtocol());
  }

  /** Resolves every TCP port's target port once: named ones from the container ports of the backing pods. */
  Targets targets() {
    if (targets == null) {
      targets = resolve();
    }
    return targets;
  }

  private Targets resolve() {
    Map<Integer, Integer> resolved = new LinkedHashMap<>();
    List<Pod> pods = null;
    for (ServicePort port : all()) {
      if (!isTcp(port)) {
        continue;
      }
      IntOrString target = port.getTargetPort();
      if (target == null || target.getIntVal() != null) {
        resolved.put(port.getPort(), target == null ? port.getPort() : target.getIntVal());
        continue;
      }
      if (pods == null) {
        pods = backingPods.get();
      }
      Optional<Integer> number = containerPort(pods, target.getStrVal());
      if (number.isEmpty()) {
        return new Targets(
            Map.of(),
            "Service '%s' port %d sends traffic to the container port named '%s', but %s; start the Service's pods, or give the port a numeric targetPort."
                .formatted(
                    service.getMetadata().getName(),
                    port.getPort(),
                    target.getStrVal(),
                    pods.isEmpty()
                        ? "no pod matches the Service's selector, so ktun cannot tell which number that is"
                        : "none of its pods declares a container port of that name"));
      }
      resolved.put(port.getPort(), number.get());
    }
    return new Targets(resolved, null);
  }

  private static Optional<Integer> containerPort(List<Pod> pods, String name) {
    return pods.stream()
        .flatMap(pod -> pod.getSpec().getContainers().stream())
        .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
        .filter(p -> name.equals(p.getName()) && Objects.requireNonNullElse(p.getProtocol(), "TCP").equals("TCP"))
        .map(ContainerPort::getContainerPort)
        .findFirst();
  }
}
