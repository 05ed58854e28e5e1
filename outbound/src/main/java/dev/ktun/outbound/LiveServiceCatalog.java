package dev.ktun.outbound;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link ServiceCatalog} to feed from an informer's event handler: {@code onAdd}/{@code onUpdate} call {@link #put},
 * {@code onDelete} calls {@link #remove}, a relist calls {@link #replaceAll}; {@link #following} marks a namespace
 * whose informer runs. Subscribers hear only real changes.
 */
public final class LiveServiceCatalog implements ServiceCatalog {
    private final Map<String, ClusterService> services = new ConcurrentHashMap<>();
    private final Set<String> followed = ConcurrentHashMap.newKeySet();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private final Function<String, CompletionStage<Void>> followMore;

    /** A catalog of the namespaces it is fed, which cannot follow more. */
    public LiveServiceCatalog() {
        this(namespace -> CompletableFuture.failedFuture(new IllegalStateException(
                "ktun follows only the namespaces it was started with, not " + namespace)));
    }

    /** @param followMore starts feeding another namespace into this catalog (see {@link #follow}) */
    public LiveServiceCatalog(Function<String, CompletionStage<Void>> followMore) {
        this.followMore = followMore;
    }

    @Override
    public Collection<ClusterService> services() {
        return List.copyOf(services.values());
    }

    @Override
    public Set<String> namespaces() {
        Set<String> all = new HashSet<>(followed);
        services.values().forEach(service -> all.add(service.namespace()));
        return all;
    }

    @Override
    public void subscribe(Runnable onChange) {
        subscribers.add(onChange);
    }

    @Override
    public CompletionStage<Void> follow(String namespace) {
        return namespaces().contains(namespace) ? CompletableFuture.completedFuture(null) : followMore.apply(namespace);
    }

    /** The namespace's Services are fed from now on (call once its first list is in). */
    public void following(String namespace) {
        if (followed.add(namespace)) {
            changed();
        }
    }

    public void put(ClusterService service) {
        if (!Objects.equals(services.put(service.key(), service), service)) {
            changed();
        }
    }

    public void remove(String namespace, String name) {
        if (services.remove(ClusterService.of(namespace, name).key()) != null) {
            changed();
        }
    }

    public void replaceAll(Collection<ClusterService> all) {
        Map<String, ClusterService> next = new ConcurrentHashMap<>();
        all.forEach(s -> next.put(s.key(), s));
        if (!next.equals(services)) {
            services.keySet().retainAll(next.keySet());
            services.putAll(next);
            changed();
        }
    }

    private void changed() {
        subscribers.forEach(Runnable::run);
    }
}
