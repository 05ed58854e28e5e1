package dev.ktun.client;

import dev.ktun.outbound.HeadlessPod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pods of a headless Service that have names of their own in cluster DNS ({@code db-0.db.shop.svc.<domain>}), read
 * off the Service's EndpointSlices as CoreDNS reads them: endpoints with a {@code hostname} that are ready.
 */
final class HeadlessPods {
    private static final String IPV4 = "IPv4";

    private HeadlessPods() {
    }

    /**
     * @param slices all EndpointSlices of one Service (a Service with many endpoints, or a dual-stack one, has several)
     * @return one pod per hostname, ordered by hostname, so the same endpoints always give an equal list whatever order
     *     the informer holds the slices in (the catalog then hears no change)
     */
    static List<HeadlessPod> of(Collection<EndpointSlice> slices) {
        Map<String, String> ipByHostname = new TreeMap<>();
        slices.stream()
                // ktun's addresses are IPv4 and the proxy dials IPv4; a dual-stack Service has an IPv4 slice too.
                .filter(slice -> IPV4.equals(slice.getAddressType()) && slice.getEndpoints() != null)
                // The same endpoint may sit in two slices while the controller moves it: take the first by slice name.
                .sorted(Comparator.comparing(slice -> slice.getMetadata().getName()))
                .flatMap(slice -> slice.getEndpoints().stream())
                .filter(endpoint -> endpoint.getHostname() != null && isReady(endpoint) && hasAddress(endpoint))
                // The API calls an endpoint's addresses fungible and lets consumers use only the first.
                .forEach(endpoint -> ipByHostname.putIfAbsent(endpoint.getHostname(), endpoint.getAddresses().get(0)));
        return ipByHostname.entrySet().stream().map(e -> new HeadlessPod(e.getKey(), e.getValue())).toList();
    }

    /**
     * The API's rule: {@code ready} unset means ready. A Service with {@code publishNotReadyAddresses} gets
     * {@code ready: true} for every endpoint from the controller, so that case needs nothing here.
     */
    private static boolean isReady(Endpoint endpoint) {
        return endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                || endpoint.getConditions().getReady();
    }

    private static boolean hasAddress(Endpoint endpoint) {
        return endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty();
    }
}
