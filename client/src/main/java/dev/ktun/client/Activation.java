package dev.ktun.client;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Waits until the operator made an Intercept or a Connect Active, saying what happens meanwhile: a line whenever the
 * picture changes, and the elapsed time every few seconds while it does not. Refusals come back as the operator's
 * sentence.
 *
 * <p>It follows the resource and its proxy pods with watches opened before the resource is created, so that nothing
 * the operator does is missed and no time after the creation goes into opening them. It reacts to what they report,
 * not on a poll's next tick, and tells a {@link Sighting} what it sees on the way, so that the caller can act before
 * the wait ends (open its tunnel as soon as the proxy pod is Ready). It reads the resource again every
 * {@link #REREAD} whatever the watch says, so a watch that silently stopped costs that much at most.
 */
final class Activation<R extends CustomResource<?, ?>> implements AutoCloseable {
    /** How often it looks when there is no watch to tell it (not allowed, or ended for good). */
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REREAD = Duration.ofSeconds(1);
    private static final Duration REPEAT = Duration.ofSeconds(5);
    /** A resource nobody wrote a status on for this long means no operator is running. */
    private static final Duration OPERATOR_SILENT = Duration.ofSeconds(10);

    /** Told what the wait sees each time it looks, while the resource is not ended. */
    interface Sighting<R> {
        /** @param proxy the proxy pod and tunnel port: the reported ones once Active, else a Ready pod if one is seen */
        void seen(R resource, Optional<PortForwardBridge.PodPort> proxy) throws IOException;
    }

    private final KubernetesClient client;
    private final LeasedKind<R> kind;
    private final Console console;
    private final Duration timeout;
    private final boolean needsProxyPod;
    private final Duration reread;
    private final Doorbell bell = new Doorbell();
    private final ResourceWatch<R> watch;
    private final ProxyPodWatch pods;

    private Activation(KubernetesClient client, LeasedKind<R> kind, R request, Console console, Duration timeout,
                       boolean needsProxyPod, Duration reread) {
        this.client = client;
        this.kind = kind;
        this.console = console;
        this.timeout = timeout;
        this.needsProxyPod = needsProxyPod;
        this.reread = reread;
        this.watch = ResourceWatch.open(client, kind.type(), request.getMetadata().getName(), bell);
        this.pods = ProxyPodWatch.start(client, kind.proxyPodLabels(request), bell);
    }

    /** Starts following {@code request}, which is about to be created, and its proxy pods. */
    static <R extends CustomResource<?, ?>> Activation<R> following(KubernetesClient client, LeasedKind<R> kind, R request,
                                                                   Console console, Duration timeout, boolean needsProxyPod) {
        return following(client, kind, request, console, timeout, needsProxyPod, REREAD);
    }

    /** @param reread how long it trusts a silent watch before it reads the resource again */
    static <R extends CustomResource<?, ?>> Activation<R> following(KubernetesClient client, LeasedKind<R> kind, R request,
                                                                   Console console, Duration timeout, boolean needsProxyPod,
                                                                   Duration reread) {
        return new Activation<>(client, kind, request, console, timeout, needsProxyPod, reread);
    }

    /** The Active resource, or null when {@code stop} completed first (Ctrl-C while waiting). */
    R awaitUnless(R created, CompletableFuture<?> stop) throws InterruptedException, IOException {
        return awaitUnless(created, stop, (resource, proxy) -> { });
    }

    /** The same, telling {@code sighting} what it sees on the way. Ends the watches: an activation is waited for once. */
    R awaitUnless(R created, CompletableFuture<?> stop, Sighting<R> sighting) throws InterruptedException, IOException {
        try {
            stop.whenComplete((ok, failure) -> bell.ring());
            String name = created.getMetadata().getName();
            ProxyPodProgress progress = new ProxyPodProgress(client, pods);
            long start = System.nanoTime();
            String last = null;
            long lastSaid = 0;
            R resource = get(name);
            while (!stop.isDone()) {
                if (resource == null) {
                    throw new KtunException(ExitCode.FAILURE, kind.kind() + " '" + name + "' was deleted while it started (by "
                            + kind.deletedBy() + "?); nothing to do");
                }
                if (kind.ended(resource)) {
                    throw kind.refused(client, resource);
                }
                Optional<PortForwardBridge.PodPort> reported = kind.proxy(resource);
                sighting.seen(resource, reported.or(pods::ready));
                if (kind.active(resource) && (!needsProxyPod || reported.isPresent())) {
                    return resource;
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (elapsed.compareTo(timeout) > 0) {
                    throw new KtunException(ExitCode.FAILURE, kind.kind() + " '" + name + "' did not become active within "
                            + timeout.toSeconds() + " s (last: " + Objects.requireNonNullElse(last, "no news") + "); "
                            + "`kubectl describe pod -l " + selector(created) + "` may say why");
                }
                String now = describe(resource, progress, elapsed);
                if (!now.equals(last) || System.nanoTime() - lastSaid > REPEAT.toNanos()) {
                    console.say("%s (%ds)", now, elapsed.toSeconds());
                    last = now;
                    lastSaid = System.nanoTime();
                }
                boolean rung = bell.await(watch.following() ? reread : POLL);
                pods.catchUp();
                if (!rung || watch.changed()) {
                    resource = get(name);
                }
            }
            return null;
        } finally {
            close();
        }
    }

    private String selector(R created) {
        return kind.proxyPodLabels(created).entrySet().stream().filter(e -> e.getKey().startsWith("ktun.dev/"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private R get(String name) {
        try {
            return client.resources(kind.type()).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "get", kind.resource());
        }
    }

    private String describe(R resource, ProxyPodProgress pod, Duration elapsed) {
        if (kind.message(resource) == null && !kind.active(resource)) {
            return elapsed.compareTo(OPERATOR_SILENT) < 0
                    ? "waiting for the ktun operator to accept the " + kind.kind().toLowerCase()
                    : "the ktun operator has not answered yet: is it running? "
                    + "(`kubectl get pods -A -l app.kubernetes.io/part-of=ktun,app.kubernetes.io/component=operator`)";
        }
        return pod.describe().map(p -> "waiting for " + p).orElse(Objects.requireNonNullElse(kind.message(resource), kind.phase(resource)));
    }

    /** Ends the watches; the resource is left as it is. */
    @Override
    public void close() {
        watch.close();
        pods.close();
    }
}
