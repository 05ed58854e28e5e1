package dev.ktun.outbound;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ServiceCatalog} to feed from an informer's event handler: {@code onAdd}/{@code onUpdate} call {@link #put},
 * {@code onDelete} calls {@link #remove}, a relist calls {@link #replaceAll}. Subscribers hear only real changes.
 */
public final class LiveServiceCatalog implements ServiceCatalog {
    private final Map<String, ClusterService> services = new ConcurrentHashMap<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public Collection<ClusterService> services() {
        return List.copyOf(services.values());
    }

    @Override
    public void subscribe(Runnable onChange) {
        subscribers.add(onChange);
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
