package dev.ktun.client;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * What ktun holds in the cluster with a lease, seen the same way whatever its kind: an {@code Intercept} for
 * {@code ktun intercept}, a {@code Connect} for {@code ktun connect}. {@link Activation} waits for it and
 * {@link LeaseWatch} keeps it alive through this view, so both commands share one way of starting and staying honest.
 */
interface LeasedKind<R extends CustomResource<?, ?>> {

    Class<R> type();

    /** As RBAC names it, for error messages: {@code intercepts.ktun.dev}. */
    String resource();

    /** As people name it: {@code Intercept}. */
    String kind();

    /** Who deletes one besides this ktun, for "was deleted (by ...)": {@code `ktun leave` or kubectl}. */
    String deletedBy();

    /** What the end of this resource means for the user, e.g. "the Service is given back to its pods". */
    String afterEnd(R resource);

    int leaseSeconds(R resource);

    /** Phase name as the operator writes it, lower case ("pending", "active", "expired"). */
    String phase(R resource);

    boolean active(R resource);

    /** Ended for good in the cluster: create a new one. */
    boolean ended(R resource);

    /** The operator's sentence; null before it wrote one. */
    String message(R resource);

    /** The proxy pod and its tunnel port, once the operator reported them. */
    Optional<PortForwardBridge.PodPort> proxy(R resource);

    /** Labels of its proxy pods, to show their progress while waiting. */
    Map<String, String> proxyPodLabels(R resource);

    /** Why it ended before it became active, as a failure the user can act on. */
    KtunException refused(KubernetesClient client, R resource);
}
