package dev.ktun.client;

import dev.ktun.api.InterceptPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks what the user typed against the cluster before anything is created, so a typo gets "did you mean" at once
 * instead of a Failed Intercept after a round trip through the operator.
 */
final class ServiceCheck {
    private final KubernetesClient client;
    private final ClusterErrors errors;

    ServiceCheck(KubernetesClient client) {
        this.client = client;
        this.errors = new ClusterErrors(client);
    }

    Service find(ServiceTarget target) {
        Service service;
        try {
            service = client.services().withName(target.name()).get();
        } catch (KubernetesClientException e) {
            throw errors.explain(e, "get", "services");
        }
        if (service == null) {
            throw new KtunException(ExitCode.FAILURE, notFound(target.name()));
        }
        return service;
    }

    private String notFound(String name) {
        String where = "Service '" + name + "' not found in namespace '" + client.getNamespace() + "'";
        List<String> names;
        try {
            names = client.services().list().getItems().stream().map(s -> s.getMetadata().getName()).sorted().toList();
        } catch (KubernetesClientException e) {
            return where + "; check the name with `kubectl get services -n " + client.getNamespace() + "`";
        }
        if (names.isEmpty()) {
            return where + ", which has no Services at all; is it the right namespace (-n)?";
        }
        List<String> close = CloseNames.to(name, names);
        if (!close.isEmpty()) {
            return where + "; did you mean: " + String.join(", ", close) + "?";
        }
        return where + "; its Services are: " + String.join(", ", names.subList(0, Math.min(names.size(), 10)))
                + (names.size() > 10 ? ", ..." : "");
    }

    /** The requested ports as the Intercept names them (by Service port number), or why one does not exist. */
    static List<InterceptPort> ports(Service service, List<InterceptPortOption> requested) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        String name = service.getMetadata().getName();
        List<InterceptPort> resolved = new ArrayList<>();
        for (InterceptPortOption option : requested) {
            ServicePort port;
            if (option.servicePort() == null) {
                if (ports.size() != 1) {
                    throw new KtunException(ExitCode.USAGE, "Service '" + name + "' has " + ports.size() + " ports: "
                            + describe(ports) + "; say which one, e.g. --port " + option.localPort() + ":"
                            + (ports.isEmpty() ? "80" : label(ports.get(0))));
                }
                port = ports.get(0);
            } else {
                port = find(ports, option.servicePort()).orElseThrow(() -> new KtunException(ExitCode.FAILURE,
                        "Service '" + name + "' has no port '" + option.servicePort() + "'; its ports are: " + describe(ports)));
            }
            resolved.add(new InterceptPort(new IntOrString(port.getPort()), option.localPort()));
        }
        return resolved;
    }

    private static Optional<ServicePort> find(List<ServicePort> ports, String wanted) {
        return ports.stream()
                .filter(p -> wanted.equals(p.getName()) || wanted.equals(String.valueOf(p.getPort())))
                .findFirst();
    }

    /** "http 80/TCP -> 8080, metrics 9090/TCP -> 9090" */
    static String describe(List<ServicePort> ports) {
        return ports.stream().map(p -> (p.getName() == null ? "" : p.getName() + " ") + p.getPort() + "/"
                        + (p.getProtocol() == null ? "TCP" : p.getProtocol()) + " -> " + targetOf(p))
                .collect(Collectors.joining(", "));
    }

    private static String label(ServicePort port) {
        return port.getName() != null ? port.getName() : String.valueOf(port.getPort());
    }

    private static String targetOf(ServicePort port) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return String.valueOf(port.getPort());
        }
        return target.getIntVal() != null ? String.valueOf(target.getIntVal()) : target.getStrVal();
    }
}
