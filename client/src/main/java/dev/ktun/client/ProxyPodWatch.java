package dev.ktun.client;

import dev.ktun.api.KtunDefaults;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The proxy pods of an Intercept or Connect while it starts: listed once, then followed with a watch that rings a
 * {@link Doorbell}, so the moment a pod turns Ready is known at once (the tunnel can open then, and the progress lines
 * say what the pod does). Seeing pods is a courtesy: without the permission the Intercept's own message has to do;
 * after a watch ended for good, {@link #catchUp()} lists and follows them again.
 */
final class ProxyPodWatch implements AutoCloseable {
    private final FilterWatchListDeletable<Pod, PodList, PodResource> selected;
    private final Doorbell bell;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private volatile boolean visible = true;
    private volatile Watch watch;
    private volatile boolean closed;

    private ProxyPodWatch(FilterWatchListDeletable<Pod, PodList, PodResource> selected, Doorbell bell) {
        this.selected = selected;
        this.bell = bell;
    }

    /** @param labels the proxy pods' labels ({@link LeasedKind#proxyPodLabels}) */
    static ProxyPodWatch start(KubernetesClient client, Map<String, String> labels, Doorbell bell) {
        ProxyPodWatch follower = new ProxyPodWatch(client.pods().withLabels(labels), bell);
        follower.follow();
        return follower;
    }

    /** Lists and follows the pods again if the watch ended for good since. */
    void catchUp() {
        if (visible && watch == null && !closed) {
            follow();
        }
    }

    /** The proxy's pods as last seen, or empty when they cannot be seen. */
    Optional<List<Pod>> pods() {
        return visible ? Optional.of(pods.values().stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList())
                : Optional.empty();
    }

    /**
     * The pod a tunnel may open to now, and its tunnel port: Ready and not terminating, the same one the operator
     * reports when there are several (the first by name).
     */
    Optional<PortForwardBridge.PodPort> ready() {
        return pods().orElse(List.of()).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && Readiness.isPodReady(p))
                .flatMap(p -> tunnelPort(p).map(port -> new PortForwardBridge.PodPort(p.getMetadata().getName(), port)).stream())
                .findFirst();
    }


    private static Optional<Integer> tunnelPort(Pod pod) {
        return pod.getSpec() == null ? Optional.empty() : pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> KtunDefaults.TUNNEL_PORT_NAME.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .filter(Objects::nonNull)
                .findFirst();
    }

    private void follow() {
        try {
            PodList list = selected.list();
            pods.clear();
            list.getItems().forEach(p -> pods.put(p.getMetadata().getName(), p));
            ListOptions since = new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion()).build();
            watch = selected.watch(since, new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (action == Action.DELETED) {
                        pods.remove(pod.getMetadata().getName());
                    } else if (action != Action.ERROR && action != Action.BOOKMARK) {
                        pods.put(pod.getMetadata().getName(), pod);
                    }
                    bell.ring();
                }

                @Override
                public void onClose(WatcherException cause) {
                    watch = null;
                    bell.ring();
                }
            });
        } catch (KubernetesClientException e) {
            visible = false;
        }
        bell.ring();
    }

    @Override
    public void close() {
        closed = true;
        Watch open = watch;
        watch = null;
        if (open != null) {
            open.close();
        }
    }
}
