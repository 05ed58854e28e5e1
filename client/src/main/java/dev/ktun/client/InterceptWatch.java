package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunAnnotations;
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
 * Keeps the intercept honest with the cluster: renews the lease every {@code leaseSeconds / 3} (docs/lease.md) from
 * the moment the Intercept exists — a proxy image pull can take longer than a lease — and, once it is active, looks
 * at it every second. When it was deleted, expired or failed, it says so and ends the run: a client that keeps a
 * tunnel up for an Intercept that no longer exists would be a zombie that only looks connected.
 */
final class InterceptWatch implements AutoCloseable {
    private static final long LOOK_MILLIS = 1000;

    private final KubernetesClient client;
    private final String name;
    private final long renewMillis;
    private final Console console;
    private final Consumer<Ending> end;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ktun-intercept-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Intercept latest;
    private volatile boolean watching;
    private boolean unreachable;
    /** The last error said, so that a failure repeating every second is said once. */
    private String lastProblem;
    private InterceptPhase lastPhase = InterceptPhase.ACTIVE;

    InterceptWatch(KubernetesClient client, Intercept created, Console console, Consumer<Ending> end) {
        this.client = client;
        this.name = created.getMetadata().getName();
        this.renewMillis = Math.max(1, created.getSpec().leaseSecondsOrDefault()) * 1000L / 3;
        this.console = console;
        this.end = end;
        this.latest = created;
    }

    /** Renews the lease from now on; the Intercept was just created (with a first renewal in its annotations). */
    void startRenewing() {
        scheduler.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    }

    /** From now on, the Intercept's end (deleted, expired, failed) ends the run. */
    void startWatching(Intercept active) {
        latest = active;
        watching = true;
        scheduler.scheduleWithFixedDelay(this::look, 0, LOOK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The proxy pod and tunnel port to port-forward to, while the Intercept is Active with a ready pod. */
    Optional<PortForwardBridge.PodPort> proxy() {
        Intercept intercept = latest;
        if (intercept.phase() != InterceptPhase.ACTIVE || intercept.getStatus().getProxyPod() == null) {
            return Optional.empty();
        }
        return Optional.of(new PortForwardBridge.PodPort(intercept.getStatus().getProxyPod(), intercept.getStatus().getTunnelPort()));
    }

    private void renew() {
        String patch = "{\"metadata\":{\"annotations\":{\"" + KtunAnnotations.LEASE_RENEWED_AT + "\":\"" + Instant.now() + "\"}}}";
        try {
            Intercept renewed = client.resources(Intercept.class).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            reachable();
            observe(renewed);
        } catch (KubernetesClientException e) {
            failed(e, "renew the lease");
        }
    }

    private void look() {
        try {
            Intercept now = client.resources(Intercept.class).withName(name).get();
            reachable();
            observe(now);
        } catch (KubernetesClientException e) {
            failed(e, "look at the Intercept");
        }
    }

    private void observe(Intercept intercept) {
        if (!watching) {
            // Still starting: Activation reports the phases and a deletion itself.
            return;
        }
        if (intercept == null) {
            end.accept(Ending.endedInCluster("Intercept '" + name + "' was deleted (by `ktun leave` or kubectl); the Service"
                    + " is given back to its pods"));
            return;
        }
        latest = intercept;
        InterceptPhase phase = intercept.phase();
        if (intercept.getMetadata().getDeletionTimestamp() != null) {
            end.accept(Ending.endedInCluster("Intercept '" + name + "' is being deleted (by `ktun leave` or kubectl); the Service"
                    + " is given back to its pods"));
        } else if (phase.isFinal()) {
            end.accept(Ending.endedInCluster("the intercept ended (" + phase.name().toLowerCase() + "): "
                    + intercept.getStatus().getMessage()));
        } else if (phase != lastPhase) {
            console.say("intercept %s: %s", phase.name().toLowerCase(), intercept.getStatus().getMessage());
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
            String problem = new ClusterErrors(client).explain(e, what.startsWith("renew") ? "patch" : "get", "intercepts.ktun.dev")
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
