package dev.ktun.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows one Intercept or Connect by name with a watch, ringing a {@link Doorbell} on each change so that whoever
 * waits for it reads it again at once. A watch the API server refuses, or one that ended for good (fabric8 reconnects
 * dropped ones by itself), leaves the waiter to look on its own clock: {@link #following()} says which.
 */
final class ResourceWatch<R extends HasMetadata> implements AutoCloseable {
    private final AtomicBoolean changed = new AtomicBoolean();
    private volatile Watch watch;

    private ResourceWatch() {
    }

    static <R extends HasMetadata> ResourceWatch<R> open(KubernetesClient client, Class<R> type, String name, Doorbell bell) {
        ResourceWatch<R> follower = new ResourceWatch<>();
        try {
            follower.watch = client.resources(type).withName(name).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, R resource) {
                    follower.changed.set(true);
                    bell.ring();
                }

                @Override
                public void onClose(WatcherException cause) {
                    follower.watch = null;
                    bell.ring();
                }
            });
        } catch (KubernetesClientException e) {
            // Not allowed to watch, or no watch here: looking on a clock works too, only later.
        }
        return follower;
    }

    boolean following() {
        return watch != null;
    }

    /** Whether the watch saw a change since the last call. */
    boolean changed() {
        return changed.getAndSet(false);
    }

    @Override
    public void close() {
        Watch open = watch;
        watch = null;
        if (open != null) {
            open.close();
        }
    }
}
