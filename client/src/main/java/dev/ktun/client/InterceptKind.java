package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptConditions;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link Intercept} as a {@link LeasedKind}: its refusal names the holder of a conflicting port. */
final class InterceptKind implements LeasedKind<Intercept> {
    static final InterceptKind INSTANCE = new InterceptKind();

    private InterceptKind() {
    }

    @Override
    public Class<Intercept> type() {
        return Intercept.class;
    }

    @Override
    public String resource() {
        return "intercepts.ktun.dev";
    }

    @Override
    public String kind() {
        return "Intercept";
    }

    @Override
    public String deletedBy() {
        return "`ktun leave` or kubectl";
    }

    @Override
    public String afterEnd(Intercept intercept) {
        return "the Service is given back to its pods";
    }

    @Override
    public int leaseSeconds(Intercept intercept) {
        return intercept.getSpec().leaseSecondsOrDefault();
    }

    @Override
    public String phase(Intercept intercept) {
        return intercept.phase().name().toLowerCase();
    }

    @Override
    public boolean active(Intercept intercept) {
        return intercept.phase() == InterceptPhase.ACTIVE;
    }

    @Override
    public boolean ended(Intercept intercept) {
        return intercept.phase().isFinal();
    }

    @Override
    public String message(Intercept intercept) {
        return intercept.getStatus() == null ? null : intercept.getStatus().getMessage();
    }

    @Override
    public Optional<PortForwardBridge.PodPort> proxy(Intercept intercept) {
        if (intercept.getStatus() == null || intercept.getStatus().getProxyPod() == null) {
            return Optional.empty();
        }
        return Optional.of(new PortForwardBridge.PodPort(intercept.getStatus().getProxyPod(), intercept.getStatus().getTunnelPort()));
    }

    @Override
    public Map<String, String> proxyPodLabels(Intercept intercept) {
        return KtunLabels.proxyPod(intercept.serviceName());
    }

    @Override
    public KtunException refused(KubernetesClient client, Intercept intercept) {
        String message = intercept.getStatus().getMessage();
        boolean conflict = intercept.getStatus().condition(InterceptConditions.READY).map(Condition::getReason)
                .filter("PortConflict"::equals).isPresent();
        if (conflict) {
            List<String> mine = ownOthers(client, intercept);
            if (!mine.isEmpty()) {
                message += " That holder is you on this machine (" + String.join(", ", mine) + "): if no other ktun of yours "
                        + "is running, end it with `ktun leave " + mine.get(0) + "`.";
            }
        }
        return new KtunException(ExitCode.FAILURE, "the intercept was refused: " + message);
    }

    /** Other live Intercepts of the same Service held by this user on this host: often a ktun that was killed. */
    private static List<String> ownOthers(KubernetesClient client, Intercept refused) {
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
