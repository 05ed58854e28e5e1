package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What laptops do to a running intercept, and that ktun never stays up looking connected when it is not. */
class InterceptSurvivalTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private TestServer local;
    private KtunRun intercept;

    @BeforeEach
    void startLocalApp() throws Exception {
        local = TestServer.saying("local");
    }

    @AfterEach
    void stop() throws Exception {
        if (intercept != null && !intercept.finished()) {
            KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());
            intercept.exitCode();
        }
        local.close();
    }

    private void interceptWithLease(int seconds) throws Exception {
        intercept = KtunRun.background("intercept", "svc/api", "--port", String.valueOf(local.port()), "--lease", String.valueOf(seconds),
                "--kubeconfig", scene.kubeconfig());
        intercept.awaitErr("waiting for callers", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> scene.askApi().equals("local"));
    }

    @Test
    void aDroppedPortForwardIsReopenedAndTheInterceptGoesOn() throws Exception {
        interceptWithLease(30);

        scene.cluster().dropPortForwards();

        intercept.awaitErr("tunnel lost", Duration.ofSeconds(10));
        intercept.awaitErr("tunnel back: port-forward to pod ktun-proxy-api-", Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(() -> scene.askApi().equals("local"));
        assertThat(scene.cluster().openPortForwards()).isEqualTo(1);
        assertThat(intercept.finished()).isFalse();
    }

    @Test
    void anInterceptThatExpiredWhileTheLeaseCouldNotBeRenewedEndsWithExitOne() throws Exception {
        interceptWithLease(5);
        String name = scene.intercepts().get(0).getMetadata().getName();
        // The renewals stop reaching the cluster, as when a laptop sleeps past its lease.
        scene.cluster().server().expect().patch().withPath("/apis/ktun.dev/v1alpha1/namespaces/" + NS + "/intercepts/" + name)
                .andReturn(503, new StatusBuilder().withStatus("Failure").withCode(503).withMessage("unavailable").build()).always();

        assertThat(intercept.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(intercept.err()).contains("the intercept ended (expired): The client").contains("did not renew its lease for 5 s");
        assertThat(scene.askApi()).isEqualTo("origin");
    }

    @Test
    void someoneElseRepointingTheServiceEndsTheInterceptWithTheirSelectorLeftInPlace() throws Exception {
        interceptWithLease(30);

        scene.cluster().admin().services().inNamespace(NS).withName("api")
                .edit(s -> {
                    s.getSpec().setSelector(Map.of("app", "api", "release", "v2"));
                    return s;
                });

        assertThat(intercept.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(intercept.err()).contains("the intercept ended (failed): Someone else changed the selector of Service 'api'");
        assertThat(scene.apiSelector()).isEqualTo(Map.of("app", "api", "release", "v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> scene.intercepts().isEmpty());
    }
}
