package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Intercept;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ktun intercept} end to end against the simulated cluster: operator, proxy pod, port-forward, lease, leave. */
class InterceptFlowTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private TestServer local;

    @BeforeEach
    void startLocalApp() throws Exception {
        local = TestServer.saying("local");
    }

    @AfterEach
    void stopLocalApp() throws Exception {
        local.close();
    }

    @Test
    void theServicesTrafficReachesTheLocalPortThroughOnePortForwardUntilLeave() throws Exception {
        assertThat(scene.askApi()).isEqualTo("origin");

        KtunRun intercept = KtunRun.background("intercept", "svc/api", "--port", String.valueOf(local.port()),
                "--kubeconfig", scene.kubeconfig());
        intercept.awaitErr("waiting for callers", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> scene.askApi().equals("local"));
        for (int i = 0; i < 5; i++) {
            assertThat(scene.askApi()).isEqualTo("local");
        }

        assertThat(scene.cluster().openPortForwards()).isEqualTo(1);
        assertThat(intercept.err())
                .contains("waiting for proxy pod ktun-proxy-api-")
                .contains("tunnel up: port-forward to pod ktun-proxy-api-")
                .contains("-> svc/api:80 -> localhost:" + local.port());

        KtunRun leave = KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());
        assertThat(leave.exitCode()).as(leave.err()).isZero();
        assertThat(intercept.exitCode()).isEqualTo(ExitCode.FAILURE);
        // Either moment of the deletion, depending on whether the client looked before or after the finalizer ran.
        assertThat(intercept.err()).containsAnyOf("was deleted", "is being deleted");
        assertThat(scene.askApi()).isEqualTo("origin");
        assertThat(scene.apiSelector()).isEqualTo(Map.of("app", "api"));
        assertThat(scene.intercepts()).isEmpty();
    }

    @Test
    void onlyTheTokensHashReachesTheCluster() {
        KtunRun intercept = KtunRun.background("intercept", "api", "--port", local.port() + ":http", "--kubeconfig", scene.kubeconfig());
        intercept.awaitErr("waiting for callers", Duration.ofSeconds(30));

        Intercept created = scene.intercepts().get(0);
        assertThat(created.getSpec().tokenSha256()).matches("[0-9a-f]{64}");
        assertThat(created.getSpec().owner().describe()).isEqualTo(Identity.current());
        assertThat(created.getMetadata().getNamespace()).isEqualTo(NS);

        KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());
        intercept.exitCode();
    }
}
