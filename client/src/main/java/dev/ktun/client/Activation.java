package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptConditions;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Waits until the operator made the Intercept Active, saying what happens meanwhile: a line whenever the picture
 * changes, and the elapsed time every few seconds while it does not. Refusals come back as the operator's sentence.
 */
final class Activation {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REPEAT = Duration.ofSeconds(5);
    /** An Intercept nobody wrote a status on for this long means no operator is running. */
    private static final Duration OPERATOR_SILENT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final Console console;
    private final Duration timeout;
    private final boolean needsProxyPod;

    Activation(KubernetesClient client, Console console, Duration timeout, boolean needsProxyPod) {
        this.client = client;
        this.console = console;
        this.timeout = timeout;
        this.needsProxyPod = needsProxyPod;
    }

    /** The Active Intercept, or null when {@code stop} completed first (Ctrl-C while waiting). */
    Intercept awaitUnless(Intercept created, CompletableFuture<?> stop) throws InterruptedException {
        String name = created.getMetadata().getName();
        ProxyPodProgress pod = new ProxyPodProgress(client, created.serviceName());
        long start = System.nanoTime();
        String last = null;
        long lastSaid = 0;
        while (!stop.isDone()) {
            Intercept intercept = get(name);
            if (intercept == null) {
                throw new KtunException(ExitCode.FAILURE, "Intercept '" + name + "' was deleted while it started (by `ktun leave`"
                        + " or kubectl?); nothing to do");
            }
            InterceptPhase phase = intercept.phase();
            if (phase == InterceptPhase.ACTIVE && (!needsProxyPod || intercept.getStatus().getProxyPod() != null)) {
                return intercept;
            }
            if (phase.isFinal()) {
                throw refused(intercept);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(timeout) > 0) {
                throw new KtunException(ExitCode.FAILURE, "Intercept '" + name + "' did not become active within "
                        + timeout.toSeconds() + " s (last: " + Objects.requireNonNullElse(last, "no news") + "); "
                        + "`kubectl describe pod -l ktun.dev/service=" + created.serviceName() + "` may say why");
            }
            String now = describe(intercept, pod, elapsed);
            if (!now.equals(last) || System.nanoTime() - lastSaid > REPEAT.toNanos()) {
                console.say("%s (%ds)", now, elapsed.toSeconds());
                last = now;
                lastSaid = System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
        return null;
    }

    private Intercept get(String name) {
        try {
            return client.resources(Intercept.class).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "get", "intercepts.ktun.dev");
        }
    }

    private String describe(Intercept intercept, ProxyPodProgress pod, Duration elapsed) {
        if (intercept.getStatus() == null || intercept.getStatus().getPhase() == null) {
            return elapsed.compareTo(OPERATOR_SILENT) < 0 ? "waiting for the ktun operator to accept the intercept"
                    : "the ktun operator has not answered yet: is it running? "
                    + "(`kubectl get pods -A -l app.kubernetes.io/part-of=ktun,app.kubernetes.io/component=operator`)";
        }
        return pod.describe().map(p -> "waiting for " + p).orElse(intercept.getStatus().getMessage());
    }

    private KtunException refused(Intercept intercept) {
        String message = intercept.getStatus().getMessage();
        boolean conflict = intercept.getStatus().condition(InterceptConditions.READY).map(Condition::getReason)
                .filter("PortConflict"::equals).isPresent();
        if (conflict) {
            List<String> mine = ownOthers(intercept);
            if (!mine.isEmpty()) {
                message += " That holder is you on this machine (" + String.join(", ", mine) + "): if no other ktun of yours "
                        + "is running, end it with `ktun leave " + mine.get(0) + "`.";
            }
        }
        return new KtunException(ExitCode.FAILURE, "the intercept was refused: " + message);
    }

    /** Other live Intercepts of the same Service held by this user on this host: often a ktun that was killed. */
    private List<String> ownOthers(Intercept refused) {
        InterceptOwner me = refused.getSpec().owner();
        try {
            return client.resources(Intercept.class).list().getItems().stream()
                    .filter(i -> !i.getMetadata().getName().equals(refused.getMetadata().getName()))
                    .filter(i -> i.serviceName().equals(refused.serviceName()) && me.equals(i.getSpec().owner()))
                    .filter(i -> !i.phase().isFinal())
                    .map(i -> i.getMetadata().getName())
                    .toList();
        } catch (KubernetesClientException e) {
            return List.of();
        }
    }
}
