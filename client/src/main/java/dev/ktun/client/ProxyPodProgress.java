package dev.ktun.client;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the proxy pod is doing while the Intercept is Pending, in words: scheduling, image pull, start, readiness,
 * from the pod's status ({@link ProxyPodWatch}) and events (telepresence#2654: "timed out waiting for agent" said
 * nothing of why). Reading events is a courtesy: without the permission, the pod's phase has to do.
 */
final class ProxyPodProgress {
    private final KubernetesClient client;
    private final ProxyPodWatch pods;
    private boolean eventsAllowed = true;

    ProxyPodProgress(KubernetesClient client, ProxyPodWatch pods) {
        this.client = client;
        this.pods = pods;
    }

    /**
     * What is awaited, such as "proxy pod ktun-proxy-api-x: pulling image" (said after "waiting for"), or empty when
     * nothing can be seen.
     */
    Optional<String> describe() {
        return pods.pods().map(seen -> {
            if (seen.isEmpty()) {
                return "the proxy Deployment to create its pod";
            }
            Pod pod = seen.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).findFirst().orElse(seen.get(0));
            return "proxy pod " + pod.getMetadata().getName() + ": " + state(pod);
        });
    }

    private String state(Pod pod) {
        if (Readiness.isPodReady(pod)) {
            return "ready";
        }
        Optional<String> waiting = containerWaiting(pod);
        if (waiting.isPresent()) {
            return waiting.get();
        }
        Optional<PodCondition> unscheduled = conditions(pod).stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())).findFirst();
        if (unscheduled.isPresent()) {
            return "not scheduled yet: " + unscheduled.get().getMessage();
        }
        return latestEvent(pod).map(ProxyPodProgress::phrase)
                .orElse(pod.getStatus() == null || pod.getStatus().getPhase() == null ? "created"
                        : pod.getStatus().getPhase().toLowerCase());
    }

    private static Optional<String> containerWaiting(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        if (statuses == null) {
            return Optional.empty();
        }
        return statuses.stream()
                .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
                .map(s -> s.getState().getWaiting())
                .filter(w -> w.getReason() != null && !w.getReason().equals("ContainerCreating"))
                .map(w -> w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage()))
                .findFirst();
    }

    private Optional<Event> latestEvent(Pod pod) {
        if (!eventsAllowed) {
            return Optional.empty();
        }
        String name = pod.getMetadata().getName();
        try {
            return client.v1().events().withField("involvedObject.name", name).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
                    .max(Comparator.comparing(ProxyPodProgress::when));
        } catch (KubernetesClientException e) {
            eventsAllowed = false;
            return Optional.empty();
        }
    }

    private static String when(Event event) {
        String time = event.getLastTimestamp() != null ? event.getLastTimestamp() : event.getEventTime() != null
                ? event.getEventTime().getTime() : event.getMetadata().getCreationTimestamp();
        return time == null ? "" : time;
    }

    private static String phrase(Event event) {
        String reason = event.getReason() == null ? "" : event.getReason();
        return switch (reason) {
            case "Scheduled" -> "scheduled, starting";
            case "Pulling" -> "pulling image";
            case "Pulled", "Created" -> "image ready, starting";
            case "Started" -> "started, waiting for readiness";
            case "Unhealthy" -> "not ready yet: " + event.getMessage();
            default -> reason + (event.getMessage() == null ? "" : ": " + event.getMessage());
        };
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }
}
