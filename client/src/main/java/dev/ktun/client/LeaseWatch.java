package dev.ktun.client;

import dev.ktun.api.KtunAnnotations;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps an Intercept or a Connect honest with the cluster: renews the lease every {@code leaseSeconds / 3}
 * (docs/lease.md) from the moment it exists — a proxy image pull can take longer than a lease — and, once it is
 * active, looks at it every second. When it was deleted, expired or failed, it says so and ends the run: a client that
 * keeps a tunnel up for something that no longer exists would be a zombie that only looks connected.
 */
final class LeaseWatch<R extends CustomResource<?, ?>> implements AutoCloseable {
    private static final long LOOK_MILLIS = 1000;

    private final KubernetesClient client;
    private final LeasedKind<R> kind;
    private final String name;
    private final long renewMillis;
    private final Console console;
    private final Consumer<Ending> end;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ktun-lease-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile R latest;
    private volatile boolean watching;
    private boolean unreachable;
    /** The last error said, so that a failure repeating every second is said once. */
    private String lastProblem;
    private String lastPhase;

    LeaseWatch(KubernetesClient client, LeasedKind<R> kind, R created, Console console, Consumer<Ending> end) {
        this.client = client;
        this.kind = kind;
        this.name = created.getMetadata().getName();
        this.renewMillis = Math.max(1, kind.leaseSeconds(created)) * 1000L / 3;
        this.console = console;
        this.end = end;
        this.latest = created;
    }

    /** Renews the lease from now on; the resource was just created (with a first renewal in its annotations). */
    void startRenewing() {
        scheduler.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    }

    /** From now on, the resource's end (deleted, expired, failed) ends the run. */
    void startWatching(R active) {
        latest = active;
        lastPhase = kind.phase(active);
        watching = true;
        scheduler.scheduleWithFixedDelay(this::look, 0, LOOK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The proxy pod and tunnel port to port-forward to, while it is active with a ready pod. */
    Optional<PortForwardBridge.PodPort> proxy() {
        R resource = latest;
        return kind.active(resource) ? kind.proxy(resource) : Optional.empty();
    }

    private void renew() {
        String patch = "{\"metadata\":{\"annotations\":{\"" + KtunAnnotations.LEASE_RENEWED_AT + "\":\"" + Instant.now() + "\"}}}";
        try {
            R renewed = client.resources(kind.type()).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            reachable();
            observe(renewed);
        } catch (KubernetesClientException e) {
            failed(e, "renew the lease");
        }
    }

    private void look() {
        try {
            R now = client.resources(kind.type()).withName(name).get();
            reachable();
            observe(now);
        } catch (KubernetesClientException e) {
            failed(e, "look at the " + kind.kind());
        }
    }

    private void observe(R resource) {
        if (!watching) {
            // Still starting: Activation reports the phases and a deletion itself.
            return;
        }
        if (resource == null) {
            end.accept(Ending.endedInCluster(kind.kind() + " '" + name + "' was deleted (by " + kind.deletedBy() + "); "
                    + kind.afterEnd(latest)));
            return;
        }
        latest = resource;
        String phase = kind.phase(resource);
        if (resource.getMetadata().getDeletionTimestamp() != null) {
            end.accept(Ending.endedInCluster(kind.kind() + " '" + name + "' is being deleted (by " + kind.deletedBy() + "); "
                    + kind.afterEnd(resource)));
        } else if (kind.ended(resource)) {
            end.accept(Ending.endedInCluster("the " + kind.kind().toLowerCase() + " ended (" + phase + "): " + kind.message(resource)));
        } else if (!phase.equals(lastPhase)) {
            console.say("%s %s: %s", kind.kind().toLowerCase(), phase, kind.message(resource));
        }
        lastPhase = phase;
    }

    private void failed(KubernetesClientException e, String what) {
        if (e.getCode() == 404) {
            observe(null);
        } else if (ClusterErrors.isUnreachable(e)) {
            // A sleeping laptop or a dropped VPN: keep trying; the lease covers leaseSeconds of silence.
            if (!unreachable) {
                console.say("cannot reach the cluster to %s (%s); retrying", what, e.getMessage());
                unreachable = true;
            }
        } else {
            String problem = new ClusterErrors(client).explain(e, what.startsWith("renew") ? "patch" : "get", kind.resource())
                    .getMessage();
            if (!problem.equals(lastProblem)) {
                console.say("could not %s (retrying): %s", what, problem);
                lastProblem = problem;
            }
        }
    }

    private void reachable() {
        lastProblem = null;
        if (unreachable) {
            console.say("the cluster answers again");
            unreachable = false;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
