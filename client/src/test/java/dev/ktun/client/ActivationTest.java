package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.InterceptStatus;
import dev.ktun.api.KtunDefaults;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ResolvedPort;
import dev.ktun.tunnel.Tokens;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Waiting for the operator reacts to what the watches report, not to a clock. The test plays the operator (no operator
 * runs) and gives the activation a re-read interval far longer than any bound here, so that only a watch can explain
 * a reaction within it.
 */
class ActivationTest {
    private static final Duration NEVER_WITHIN_THIS_TEST = Duration.ofMinutes(10);
    private static final Duration AT_ONCE = Duration.ofSeconds(5);
    private static final String PROXY_POD = "ktun-proxy-api-7d9f8-abcde";

    @RegisterExtension
    final ClusterScene scene = ClusterScene.withoutOperator();

    private final CompletableFuture<Ending> stop = new CompletableFuture<>();

    @AfterEach
    void stopWaiting() {
        stop.complete(Ending.interrupted());
    }

    @Test
    void anActiveStatusEndsTheWaitWhenTheWatchReportsIt() {
        Intercept request = request();
        CompletableFuture<Intercept> active = awaitInBackground(request, (intercept, proxy) -> { });

        writeStatus(request, InterceptPhase.ACTIVE, PROXY_POD);

        await().atMost(AT_ONCE).until(active::isDone);
        assertThat(active.join().getStatus().getProxyPod()).isEqualTo(PROXY_POD);
    }

    @Test
    void aProxyPodTurningReadyIsSightedWhenTheWatchReportsIt() {
        Intercept request = request();
        CompletableFuture<PortForwardBridge.PodPort> sighted = new CompletableFuture<>();
        awaitInBackground(request, (intercept, proxy) -> proxy.ifPresent(sighted::complete));
        writeStatus(request, InterceptPhase.PENDING, null);
        startProxyPod();

        markProxyPodReady();

        await().atMost(AT_ONCE).until(sighted::isDone);
        assertThat(sighted.join()).isEqualTo(new PortForwardBridge.PodPort(PROXY_POD, 7300));
    }

    @Test
    void withoutAWatchItNoticesTheChangeByLooking() {
        Intercept request = request();
        scene.cluster().server().expect().get()
                .withPath("/apis/ktun.dev/v1alpha1/namespaces/" + NS + "/intercepts?allowWatchBookmarks=true&fieldSelector=metadata.name%3D"
                        + request.getMetadata().getName() + "&watch=true")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withMessage("no watch for you").build()).always();
        CompletableFuture<Intercept> active = awaitInBackground(request, (intercept, proxy) -> { });

        writeStatus(request, InterceptPhase.ACTIVE, PROXY_POD);

        await().atMost(AT_ONCE).until(active::isDone);
        assertThat(active.join().phase()).isEqualTo(InterceptPhase.ACTIVE);
    }

    /** A client whose namespace is the scene's, as the developer's kubeconfig sets it. */
    private KubernetesClient admin() {
        return scene.cluster().admin().adapt(NamespacedKubernetesClient.class).inNamespace(NS);
    }

    private static Intercept request() {
        return InterceptRequest.of(NS, "api", List.of(new InterceptPort(new IntOrString(80), 8080)), new InterceptOwner("alice", "laptop"),
                Tokens.fresh(), 30);
    }

    /** Follows the Intercept before creating it, as {@code ktun intercept} does, and waits on a thread of its own. */
    private CompletableFuture<Intercept> awaitInBackground(Intercept request, Activation.Sighting<Intercept> sighting) {
        Activation<Intercept> activation = Activation.following(admin(), InterceptKind.INSTANCE, request,
                new Console(new PrintWriter(new StringWriter())), Duration.ofMinutes(5), true, NEVER_WITHIN_THIS_TEST);
        Intercept created = admin().resource(request).create();
        CompletableFuture<Intercept> active = new CompletableFuture<>();
        Thread waiting = new Thread(() -> {
            try {
                active.complete(activation.awaitUnless(created, stop, sighting));
            } catch (Exception e) {
                active.completeExceptionally(e);
            }
        }, "activation-under-test");
        waiting.setDaemon(true);
        waiting.start();
        return active;
    }

    /** What the operator writes: admitted with its ports, and once Active the pod to port-forward to. */
    private void writeStatus(Intercept request, InterceptPhase phase, String proxyPod) {
        admin().resources(Intercept.class).inNamespace(NS).withName(request.getMetadata().getName()).editStatus(intercept -> {
            InterceptStatus status = new InterceptStatus();
            status.setPhase(phase);
            status.setMessage("written by the test");
            status.setPorts(List.of(new ResolvedPort("http", 80, 8080, 8080)));
            status.setProxyPod(proxyPod);
            status.setTunnelPort(proxyPod == null ? null : 7300);
            intercept.setStatus(status);
            return intercept;
        });
    }

    private void startProxyPod() {
        admin().pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(PROXY_POD).withNamespace(NS).withLabels(KtunLabels.proxyPod("api")).endMetadata()
                .withNewSpec().addNewContainer().withName("proxy").withImage("ktun-proxy")
                .addNewPort().withName(KtunDefaults.TUNNEL_PORT_NAME).withContainerPort(7300).endPort()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus()
                .build()).create();
    }

    private void markProxyPodReady() {
        admin().pods().inNamespace(NS).withName(PROXY_POD).editStatus(pod -> new PodBuilder(pod).editStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
    }
}
