package dev.ktun.outbound;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What ktun needs to know of a Service to give it a local name and local ports: fed by the client from an informer.
 *
 * @param pods for a headless Service ({@code clusterIP: None}), its ready pods that have a hostname; empty otherwise
 */
public record ClusterService(String namespace, String name, List<ServicePort> ports, boolean headless,
                             List<HeadlessPod> pods) {
    public ClusterService {
        namespace = namespace.toLowerCase(Locale.ROOT);
        name = name.toLowerCase(Locale.ROOT);
        ports = List.copyOf(ports);
        pods = List.copyOf(pods);
    }

    /** A plain (not headless) Service with unnamed TCP ports. */
    public static ClusterService of(String namespace, String name, int... ports) {
        return new ClusterService(namespace, name, Arrays.stream(ports).mapToObj(p -> new ServicePort("", p)).toList(),
                false, List.of());
    }

    /** {@code namespace/name}: how kubectl names it, and the catalog's key. */
    public String key() {
        return namespace + "/" + name;
    }
}
