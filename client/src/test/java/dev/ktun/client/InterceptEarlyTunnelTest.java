package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunLabels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ktun intercept} opens its tunnel and claims its port as soon as the proxy pod is Ready, while the operator
 * still repoints the Service, so that the first caller after the switch reaches the developer. To look at the moment
 * in between, the proxy pod's readiness is held and the operator is away when it comes.
 */
class InterceptEarlyTunnelTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private TestServer local;
    private KtunRun intercept;
    private boolean operatorRuns = true;

    @BeforeEach
    void startLocalApp() throws Exception {
        local = TestServer.saying("local");
    }

    @AfterEach
    void stop() throws Exception {
        if (intercept != null && !intercept.finished()) {
            if (!operatorRuns) {
                scene.cluster().startOperator();
            }
            KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());
            intercept.exitCode();
        }
        local.close();
    }

    /** The Intercept admitted and its proxy started, the operator stopped, and only then the proxy pod Ready. */
    private void interceptUntilTheTunnelIsUpWhileTheOperatorIsAway() {
        scene.cluster().holdProxyReadiness();
        intercept = KtunRun.background("intercept", "svc/api", "--port", String.valueOf(local.port()), "--kubeconfig", scene.kubeconfig());
        await().atMost(Duration.ofSeconds(30)).until(() -> admitted() && proxyPodExists());
        scene.cluster().stopOperator();
        operatorRuns = false;
        scene.cluster().releaseProxyReadiness();
        intercept.awaitErr("tunnel up: port-forward to pod ktun-proxy-api-", Duration.ofSeconds(20));
    }

    @Test
    void theTunnelAndItsClaimAreUpWhileTheServiceStillSendsCallersToItsPods() throws Exception {
        interceptUntilTheTunnelIsUpWhileTheOperatorIsAway();

        assertThat(scene.apiSelector()).isEqualTo(Map.of("app", "api"));
        assertThat(greeting(serviceAddress())).isEqualTo("origin");
        assertThat(greeting(proxyRoutePort())).isEqualTo("local");
        assertThat(intercept.err()).doesNotContain("intercepting svc/api");
    }

    @Test
    void theFirstCallerAfterTheServiceSwitchesReachesTheDeveloper() throws Exception {
        interceptUntilTheTunnelIsUpWhileTheOperatorIsAway();

        scene.cluster().startOperator();
        operatorRuns = true;
        await().atMost(Duration.ofSeconds(20)).until(() -> scene.apiSelector().equals(KtunLabels.proxyPod("api")));

        assertThat(greeting(serviceAddress())).isEqualTo("local");
        intercept.awaitErr("intercepting svc/api port 80 (http) -> localhost:" + local.port(), Duration.ofSeconds(20));
    }

    @Test
    void statusShowsTheTunnelUpWhileTheInterceptIsStillPending() {
        interceptUntilTheTunnelIsUpWhileTheOperatorIsAway();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(KtunRun.run("status", "--kubeconfig", scene.kubeconfig()).out())
                .containsPattern("intercept:  api-\\S+   svc/api   Pending")
                .containsPattern("tunnel up, port-forward to pod ktun-proxy-api-\\S+ port 7300"));
    }

    @Test
    void anInterceptThatEndsWhileStartingClosesItsEarlyTunnel() {
        interceptUntilTheTunnelIsUpWhileTheOperatorIsAway();
        assertThat(scene.cluster().openPortForwards()).isEqualTo(1);

        // What the operator writes when the lease ran out before the Intercept became Active.
        scene.cluster().admin().resources(Intercept.class).inNamespace(NS).withName(mine().getMetadata().getName()).editStatus(i -> {
            i.getStatus().setPhase(InterceptPhase.EXPIRED);
            i.getStatus().setMessage("The client did not renew its lease for 30 s.");
            return i;
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> scene.cluster().openPortForwards() == 0);
        scene.cluster().startOperator();
        operatorRuns = true;
        assertThat(intercept.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(intercept.err()).contains("The client did not renew its lease for 30 s.");
        assertThat(scene.intercepts()).isEmpty();
    }

    @Test
    void aRefusedInterceptWhoseProxyNeverComesOpensNoTunnelAndLeavesNothingBehind() {
        scene.cluster().holdProxyReadiness();
        scene.interceptedByBob();

        KtunRun refused = KtunRun.run("intercept", "svc/api", "--port", String.valueOf(local.port()), "--kubeconfig", scene.kubeconfig());

        assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(refused.err()).contains("the intercept was refused").doesNotContain("tunnel");
        assertThat(scene.cluster().openPortForwards()).isZero();
        assertThat(RunState.readAll(RunState.directory())).isEmpty();
        assertThat(scene.intercepts()).extracting(i -> i.getMetadata().getName()).containsExactly("api-bob-7x2k");
    }

    private Intercept mine() {
        return scene.intercepts().stream().filter(i -> i.getSpec().owner().describe().equals(Identity.current())).findFirst().orElseThrow();
    }

    private boolean admitted() {
        return scene.intercepts().stream().anyMatch(i -> i.getStatus() != null && i.getStatus().getPorts() != null);
    }

    private boolean proxyPodExists() {
        return !scene.cluster().admin().pods().inNamespace(NS).withLabels(KtunLabels.proxyPod("api")).list().getItems().isEmpty();
    }

    private int serviceAddress() {
        return scene.cluster().serviceAddress(NS, "api", 80).port();
    }

    /** Where the simulated proxy pod listens for the Service's target port: the port the client claims. */
    private int proxyRoutePort() {
        return scene.cluster().admin().services().inNamespace(NS).withName("api").get().getSpec().getPorts().get(0).getTargetPort().getIntVal();
    }

    /** The line a server says on a new connection; the servers of this scene speak first, so nothing is sent. */
    private static String greeting(int port) throws IOException {
        try (Socket socket = Wire.connect(port)) {
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
