package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@code ktun connect} says when the cluster cannot give this machine a proxy, and the exit code scripts see. */
class ConnectErrorsTest {
    private static final String CONNECTS_PATH = "/apis/ktun.dev/v1alpha1/namespaces/" + NS + "/connects";

    @RegisterExtension
    final ClusterScene scene = ClusterScene.withoutOperator();

    @Test
    void withoutTheConnectApiItSaysHowToInstallTheOperator() {
        // What a real API server answers for a resource type it does not know: a plain-text 404.
        scene.cluster().server().expect().post().withPath(CONNECTS_PATH).andReturn(404, "404 page not found").once();

        KtunRun run = KtunRun.run("connect", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER);
        assertThat(run.err()).contains("the ktun operator is not installed in this cluster (it has no connects.ktun.dev API)")
                .contains("helm install ktun charts/ktun");
    }

    @Test
    void aForbiddenCreateNamesTheVerbTheResourceAndTheRoleToBind() {
        scene.cluster().server().expect().post().withPath(CONNECTS_PATH).andReturn(403, new StatusBuilder()
                .withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage("connects.ktun.dev is forbidden: User \"bob\" cannot create resource \"connects\" in API group"
                        + " \"ktun.dev\" in the namespace \"shop\"")
                .build()).once();

        KtunRun run = KtunRun.run("connect", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CLUSTER);
        assertThat(run.err()).contains("you may not create connects.ktun.dev in namespace 'shop'")
                .contains("kubectl create rolebinding ktun-developer --clusterrole=ktun-developer --user=bob -n shop");
    }

    @Test
    void aConnectNoOperatorAnswersTimesOutNamingTheOperator() {
        KtunRun run = KtunRun.run("connect", "--timeout", "1", "--kubeconfig", scene.kubeconfig());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(run.err()).contains("waiting for the ktun operator to accept the connect")
                .containsPattern("Connect '[a-z0-9-]+' did not become active within 1 s");
        assertThat(scene.cluster().admin().resources(dev.ktun.api.Connect.class).inNamespace(NS).list().getItems()).isEmpty();
    }
}
