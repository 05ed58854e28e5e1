package dev.ktun.client;

import dev.ktun.outbound.ClusterService;
import dev.ktun.outbound.HeadlessPod;
import dev.ktun.outbound.LiveServiceCatalog;
import dev.ktun.outbound.ServiceCatalog;
import dev.ktun.outbound.ServicePort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Services of the chosen namespaces, followed by informers into a {@link LiveServiceCatalog}: outbound names and
 * listeners appear, change and vanish with them. A headless Service also brings its ready pods' own names
 * ({@link HeadlessPods}), from its EndpointSlices. Where the developer may not list those, Services still work. A
 * namespace nobody chose is followed the same way once a name in it is asked ({@code postgres.default.svc.<domain>}).
 */
final class ServiceFeed implements AutoCloseable {
    private static final String HEADLESS = "None";
    /** The label by which an EndpointSlice names its Service. */
    private static final String SERVICE_NAME = "kubernetes.io/service-name";
    private static final String BY_SERVICE = "service";

    private final KubernetesClient client;
    private final Console console;
    private final LiveServiceCatalog catalog = new LiveServiceCatalog(this::followLater);
    // Filled before each informer runs: its first events already look its namespace up here.
    private final Map<String, SharedIndexInformer<Service>> services = new ConcurrentHashMap<>();
    private final Map<String, SharedIndexInformer<EndpointSlice>> slices = new ConcurrentHashMap<>();
    /** One attempt per namespace and session: a refusal is remembered, so asking again costs no API call. */
    private final Map<String, CompletableFuture<Void>> followedLater = new ConcurrentHashMap<>();
    private final ExecutorService laterThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ktun-follow-namespace");
        thread.setDaemon(true);
        return thread;
    });

    private ServiceFeed(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    /** Lists and starts watching; returns once every namespace's first list is in the catalog. */
    static ServiceFeed follow(KubernetesClient client, List<String> namespaces, Console console) {
        ServiceFeed feed = new ServiceFeed(client, console);
        List<String> slicesForbidden = new ArrayList<>();
        try {
            for (String namespace : namespaces) {
                if (!feed.followNamespace(namespace)) {
                    slicesForbidden.add(namespace);
                }
            }
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
        if (!slicesForbidden.isEmpty()) {
            console.say("outbound: headless Services' pods get no names of their own (such as db-0.db.%s): you may not list"
                    + " endpointslices.discovery.k8s.io in namespace %s; the chart's ktun-developer ClusterRole grants it"
                    + " (get, list, watch)", slicesForbidden.get(0), String.join(", ", slicesForbidden));
        }
        return feed;
    }

    /** Its Services (and slices) in the catalog, then the namespace marked followed; whether its slices could be followed. */
    private boolean followNamespace(String namespace) {
        try {
            // Slices first, so that each headless Service enters the catalog with its pods.
            boolean withSlices = followSlices(namespace);
            followServices(namespace);
            // The informer's handlers may still be delivering its first list: put it in now, so it is all there.
            services.get(namespace).getStore().list().forEach(s -> refresh(namespace, s.getMetadata().getName()));
            catalog.following(namespace);
            return withSlices;
        } catch (RuntimeException e) {
            Optional.ofNullable(slices.remove(namespace)).ifPresent(SharedIndexInformer::close);
            Optional.ofNullable(services.remove(namespace)).ifPresent(SharedIndexInformer::close);
            throw e;
        }
    }

    /** A name in a namespace nobody chose was asked: follow it as the chosen ones, on a thread of its own. */
    private CompletionStage<Void> followLater(String namespace) {
        return followedLater.computeIfAbsent(namespace, ns -> CompletableFuture.runAsync(() -> {
            boolean withSlices = followNamespace(ns);
            console.say("outbound: a name in namespace %s was asked: its Services resolve and listen here too%s", ns,
                    withSlices ? "" : " (not its headless pods' own names: endpointslices may not be listed there)");
        }, laterThread).whenComplete((followed, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                console.say("outbound: names in namespace %s get SERVFAIL: %s", ns, cause.getMessage());
            }
        }));
    }

    /** The cluster IP of some followed Service: an address cluster DNS has a name for (see {@link ClusterDnsDomain}). */
    Optional<String> someClusterIp() {
        return services.values().stream().flatMap(informer -> informer.getStore().list().stream())
                .map(service -> service.getSpec().getClusterIP())
                .filter(ip -> ip != null && !ip.isBlank() && !HEADLESS.equals(ip))
                .findFirst();
    }

    private void followServices(String namespace) {
        SharedIndexInformer<Service> informer = client.services().inNamespace(namespace).runnableInformer(0);
        services.put(namespace, informer);
        try {
            informer.addEventHandler(refreshing(s -> s.getMetadata().getName())).run();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(in(namespace)).explain(e, "watch", "services");
        }
    }

    /** Whether the developer may follow the namespace's EndpointSlices. */
    private boolean followSlices(String namespace) {
        SharedIndexInformer<EndpointSlice> informer = client.discovery().v1().endpointSlices().inNamespace(namespace).runnableInformer(0);
        informer.addIndexers(Map.of(BY_SERVICE, slice -> Stream.ofNullable(serviceOf(slice)).toList()));
        slices.put(namespace, informer);
        try {
            informer.addEventHandler(refreshing(ServiceFeed::serviceOf)).run();
            return true;
        } catch (KubernetesClientException e) {
            slices.remove(namespace);
            informer.close();
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                return false;
            }
            throw new ClusterErrors(in(namespace)).explain(e, "watch", "endpointslices.discovery.k8s.io");
        }
    }

    /** The client as ClusterErrors needs it: its sentences name the client's namespace. */
    private KubernetesClient in(String namespace) {
        return client.adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
    }

    ServiceCatalog catalog() {
        return catalog;
    }

    /** Any change to a Service or to one of its slices: the catalog entry is rebuilt from both as they are now. */
    private <T extends HasMetadata> ResourceEventHandler<T> refreshing(Function<T, String> serviceName) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T resource) {
                refresh(resource.getMetadata().getNamespace(), serviceName.apply(resource));
            }

            @Override
            public void onUpdate(T old, T resource) {
                refresh(resource.getMetadata().getNamespace(), serviceName.apply(resource));
            }

            @Override
            public void onDelete(T resource, boolean deletedFinalStateUnknown) {
                refresh(resource.getMetadata().getNamespace(), serviceName.apply(resource));
            }
        };
    }

    /**
     * Synchronized, and reading both stores inside: the Service and slice informers call from threads of their own, and
     * an entry built from older state must never land after one built from newer.
     */
    private synchronized void refresh(String namespace, String name) {
        SharedIndexInformer<Service> serviceInformer = services.get(namespace);
        if (name == null || serviceInformer == null) {
            return; // a slice of no Service, or one seen before its namespace's Services are followed (they bring it)
        }
        Service service = serviceInformer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name));
        if (service == null) {
            catalog.remove(namespace, name);
            return;
        }
        SharedIndexInformer<EndpointSlice> sliceInformer = slices.get(namespace);
        List<HeadlessPod> pods = sliceInformer != null && HEADLESS.equals(service.getSpec().getClusterIP())
                ? HeadlessPods.of(sliceInformer.getIndexer().byIndex(BY_SERVICE, name)) : List.of();
        catalog.put(of(service, pods));
    }

    private static String serviceOf(EndpointSlice slice) {
        return slice.getMetadata().getLabels() == null ? null : slice.getMetadata().getLabels().get(SERVICE_NAME);
    }

    /** Its TCP ports (UDP is not tunnelled); headless when {@code clusterIP: None}. */
    private static ClusterService of(Service service, List<HeadlessPod> pods) {
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts().stream()
                .filter(p -> p.getProtocol() == null || "TCP".equals(p.getProtocol()))
                .map(p -> new ServicePort(p.getName() == null ? "" : p.getName(), p.getPort()))
                .toList();
        return new ClusterService(service.getMetadata().getNamespace(), service.getMetadata().getName(), ports,
                HEADLESS.equals(service.getSpec().getClusterIP()), pods);
    }

    @Override
    public void close() {
        laterThread.shutdownNow();
        services.values().forEach(SharedIndexInformer::close);
        slices.values().forEach(SharedIndexInformer::close);
    }
}
