package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every error a newcomer meets on the way to an intercept: the sentence they read and the exit code scripts see. */
class InterceptErrorsTest {
    private static final String INTERCEPTS_PATH = "/apis/ktun.dev/v1alpha1/namespaces/" + NS + "/intercepts";

    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    @Test
    void aMissingKubeconfigIsAConfigurationProblem() {
        KtunRun run = KtunRun.run("intercept", "svc/api", "--port", "8080", "--kubeconfig", "/nonexistent/kubeconfig");

        assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER);
        assertThat(run.err()).contains("no kubeconfig at /nonexistent/kubeconfig (--kubeconfig)");
    }

    @Test
    void withoutAnyKubeconfigTheMessageSaysWhereItLookedAndOffersTheDemo() {
        assertThat(KubeOptions.locate(Map.of(), scene.directory())).isEmpty();
        assertThat(KubeOptions.noKubeconfig(Map.of()))
                .contains("$KUBECONFIG (unset) and ~/.kube/config").contains("--kubeconfig FILE").contains("ktun demo");
    }

    @Test
    void anUnreachableClusterIsAConfigurationProblem() throws Exception {
        // A server that hangs up on every connection: an API server behind a dead VPN, without relying on "refused".
        try (ServerSocket dead = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                while (!dead.isClosed()) {
                    try (Socket s = dead.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            hangUp.setDaemon(true);
            hangUp.start();
            Path kubeconfig = Files.writeString(scene.directory().resolve("dead"), Files.readString(Path.of(scene.kubeconfig()))
                    .replaceAll("server: .*", "server: http://127.0.0.1:" + dead.getLocalPort()));

            KtunRun run = KtunRun.run("intercept", "svc/api", "--port", "8080", "--kubeconfig", kubeconfig.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER);
            assertThat(run.err()).contains("cannot reach the cluster at http://127.0.0.1:" + dead.getLocalPort())
                    .contains("kubectl cluster-info");
        }
    }

    @Test
    void withoutTheInterceptApiItSaysHowToInstallTheOperator() {
        // What a real API server answers for a resource type it does not know: a plain-text 404.
        scene.cluster().server().expect().post().withPath(INTERCEPTS_PATH).andReturn(404, "404 page not found").once();

        KtunRun run = KtunRun.run("intercept", "svc/api", "--port", "8080", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER);
        assertThat(run.err()).contains("the ktun operator is not installed in this cluster")
                .contains("helm install ktun charts/ktun");
    }

    @Test
    void aForbiddenCreateNamesTheVerbTheResourceAndTheRoleToBind() {
        scene.cluster().server().expect().post().withPath(INTERCEPTS_PATH).andReturn(403, new StatusBuilder()
                .withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage("intercepts.ktun.dev is forbidden: User \"bob\" cannot create resource \"intercepts\" in API group"
                        + " \"ktun.dev\" in the namespace \"shop\"")
                .withNewDetails().withGroup("ktun.dev").withKind("intercepts").endDetails()
                .build()).once();

        KtunRun run = KtunRun.run("intercept", "svc/api", "--port", "8080", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER);
        assertThat(run.err()).contains("you may not create intercepts.ktun.dev in namespace 'shop'")
                .contains("kubectl create rolebinding ktun-developer --clusterrole=ktun-developer --user=bob -n shop");
    }

    @Test
    void aForbiddenPortForwardEndsTheInterceptAndNamesThePermission() {
        scene.cluster().forbidPortForward();

        KtunRun run = KtunRun.run("intercept", "svc/api", "--port", "8080", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER);
        assertThat(run.err()).contains("you may not port-forward to pods in namespace 'shop' (403 on pods/portforward)")
                .contains("--clusterrole=ktun-developer");
        assertThat(scene.intercepts()).isEmpty();
    }

    @Test
    void aMistypedServiceGetsTheCloseNames() {
        scene.cluster().createService(NS, "api-v2", Map.of("app", "api-v2"), "http", 80, 8080);
        scene.cluster().createService(NS, "orders", Map.of("app", "orders"), "http", 80, 8080);

        KtunRun run = KtunRun.run("intercept", "svc/apii", "--port", "8080", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("Service 'apii' not found in namespace 'shop'; did you mean: api, api-v2?");
        assertThat(scene.intercepts()).isEmpty();
    }

    @Test
    void anUnknownPortListsTheServicesPorts() {
        KtunRun run = KtunRun.run("intercept", "svc/api", "--port", "8080:grpc", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).containsPattern("Service 'api' has no port 'grpc'; its ports are: http 80/TCP -> \\d+");
        assertThat(scene.intercepts()).isEmpty();
    }

    @Test
    void nothingListeningLocallyIsAWarningAndTheInterceptGoesOn() {
        int silent = Ports.free();

        KtunRun run = KtunRun.background("intercept", "svc/api", "--port", String.valueOf(silent), "--kubeconfig", scene.kubeconfig());

        run.awaitErr("waiting for callers", Duration.ofSeconds(30));
        assertThat(run.err()).contains("warning: nothing listens on localhost:" + silent + " yet");
        KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());
        run.exitCode();
    }

    @Test
    void aPortHeldByAnotherDeveloperIsRefusedNamingThem() {
        scene.interceptedByBob();

        KtunRun run = KtunRun.run("intercept", "svc/api", "--port", "8080", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("the intercept was refused: Service 'api' port 80 is already intercepted by bob@bob-laptop"
                + " (Intercept 'api-bob-7x2k')");
        assertThat(scene.intercepts()).extracting(i -> i.getMetadata().getName()).containsExactly("api-bob-7x2k");
    }
}
