package dev.ktun.client;

import dev.ktun.outbound.ClusterService;
import dev.ktun.outbound.LiveServiceCatalog;
import dev.ktun.outbound.ServiceCatalog;
import dev.ktun.outbound.ServicePort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Services of the chosen namespaces, followed by one informer per namespace into a {@link LiveServiceCatalog}:
 * outbound names and listeners appear, change and vanish with them. Headless Services resolve by their own name (the
 * proxy's cluster DNS spreads them over their pods); their pods' own names are not fed, as they would need endpoint
 * slices, which the developer role does not grant.
 */
final class ServiceFeed implements AutoCloseable {
    private static final String HEADLESS = "None";

    private final LiveServiceCatalog catalog = new LiveServiceCatalog();
    private final List<SharedIndexInformer<Service>> informers = new ArrayList<>();

    private ServiceFeed() {
    }

    /** Lists and starts watching; returns once every namespace's first list is in the catalog. */
    static ServiceFeed follow(KubernetesClient client, List<String> namespaces) {
        ServiceFeed feed = new ServiceFeed();
        try {
            for (String namespace : namespaces) {
                feed.informers.add(client.services().inNamespace(namespace).inform(feed.handler()));
            }
            return feed;
        } catch (KubernetesClientException e) {
            feed.close();
            throw new ClusterErrors(client).explain(e, "watch", "services");
        }
    }

    ServiceCatalog catalog() {
        return catalog;
    }

    private ResourceEventHandler<Service> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service service) {
                catalog.put(of(service));
            }

            @Override
            public void onUpdate(Service old, Service service) {
                catalog.put(of(service));
            }

            @Override
            public void onDelete(Service service, boolean deletedFinalStateUnknown) {
                catalog.remove(service.getMetadata().getNamespace(), service.getMetadata().getName());
            }
        };
    }

    /** Its TCP ports (UDP is not tunnelled); headless when {@code clusterIP: None}. */
    static ClusterService of(Service service) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts().stream()
                .filter(p -> p.getProtocol() == null || "TCP".equals(p.getProtocol()))
                .map(p -> new ServicePort(p.getName() == null ? "" : p.getName(), p.getPort()))
                .toList();
        return new ClusterService(service.getMetadata().getNamespace(), service.getMetadata().getName(), ports,
                HEADLESS.equals(service.getSpec().getClusterIP()), List.of());
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
