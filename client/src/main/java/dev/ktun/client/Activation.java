package dev.ktun.client;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Waits until the operator made an Intercept or a Connect Active, saying what happens meanwhile: a line whenever the
 * picture changes, and the elapsed time every few seconds while it does not. Refusals come back as the operator's
 * sentence.
 */
final class Activation<R extends CustomResource<?, ?>> {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REPEAT = Duration.ofSeconds(5);
    /** A resource nobody wrote a status on for this long means no operator is running. */
    private static final Duration OPERATOR_SILENT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final LeasedKind<R> kind;
    private final Console console;
    private final Duration timeout;
    private final boolean needsProxyPod;

    Activation(KubernetesClient client, LeasedKind<R> kind, Console console, Duration timeout, boolean needsProxyPod) {
        this.client = client;
        this.kind = kind;
        this.console = console;
        this.timeout = timeout;
        this.needsProxyPod = needsProxyPod;
    }

    /** The Active resource, or null when {@code stop} completed first (Ctrl-C while waiting). */
    R awaitUnless(R created, CompletableFuture<?> stop) throws InterruptedException {
        String name = created.getMetadata().getName();
        ProxyPodProgress pod = new ProxyPodProgress(client, kind.proxyPodLabels(created));
        long start = System.nanoTime();
        String last = null;
        long lastSaid = 0;
        while (!stop.isDone()) {
            R resource = get(name);
            if (resource == null) {
                throw new KtunException(ExitCode.FAILURE, kind.kind() + " '" + name + "' was deleted while it started (by "
                        + kind.deletedBy() + "?); nothing to do");
            }
            if (kind.active(resource) && (!needsProxyPod || kind.proxy(resource).isPresent())) {
                return resource;
            }
            if (kind.ended(resource)) {
                throw kind.refused(client, resource);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(timeout) > 0) {
                throw new KtunException(ExitCode.FAILURE, kind.kind() + " '" + name + "' did not become active within "
                        + timeout.toSeconds() + " s (last: " + Objects.requireNonNullElse(last, "no news") + "); "
                        + "`kubectl describe pod -l " + selector(created) + "` may say why");
            }
            String now = describe(resource, pod, elapsed);
            if (!now.equals(last) || System.nanoTime() - lastSaid > REPEAT.toNanos()) {
                console.say("%s (%ds)", now, elapsed.toSeconds());
                last = now;
                lastSaid = System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
        return null;
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
}
