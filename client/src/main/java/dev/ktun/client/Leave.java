package dev.ktun.client;

import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * Ends an Intercept the way the operator expects: delete it, then wait — bounded, with progress — until its finalizer
 * is gone, which is when the operator has given the Service back to its own pods.
 */
final class Leave {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REPEAT = Duration.ofSeconds(3);

    private final KubernetesClient client;
    private final Console console;
    private final Duration timeout;

    Leave(KubernetesClient client, Console console, Duration timeout) {
        this.client = client;
        this.console = console;
        this.timeout = timeout;
    }

    /** True when the Intercept is gone (Service restored); false when it was still there at the timeout. */
    boolean end(String name, String service) throws InterruptedException {
        try {
            client.resources(Intercept.class).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "delete", "intercepts.ktun.dev");
        }
        long start = System.nanoTime();
        long lastSaid = start;
        while (exists(name)) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.compareTo(timeout) > 0) {
                console.say("Intercept '%s' is still there after %d s: is the ktun operator running? It gives svc/%s back when it"
                        + " runs again; `kubectl get ic %s -n %s -o yaml` shows what it said last", name, timeout.toSeconds(),
                        service, name, client.getNamespace());
                return false;
            }
            if (System.nanoTime() - lastSaid > REPEAT.toNanos()) {
                console.say("waiting for the operator to give svc/%s back to its pods (%ds)", service, elapsed.toSeconds());
                lastSaid = System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
        console.say("left: svc/%s sends its traffic to its own pods again", service);
        return true;
    }

    private boolean exists(String name) {
        try {
            return client.resources(Intercept.class).withName(name).get() != null;
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "get", "intercepts.ktun.dev");
        }
    }
}
