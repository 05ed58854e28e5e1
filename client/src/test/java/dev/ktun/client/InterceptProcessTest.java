package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ktun intercept} as its own process, as a developer runs it: signals, {@code -- CMD}, {@code kill -9}. The
 * simulated cluster runs in this JVM; the CLI reaches it through its kubeconfig.
 */
class InterceptProcessTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private TestServer local;
    private Process ktun;
    private Path log;

    @BeforeEach
    void startLocalApp() throws Exception {
        local = TestServer.saying("local");
        log = scene.directory().resolve("ktun.log");
    }

    @AfterEach
    void stop() throws Exception {
        if (ktun != null) {
            ktun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        local.close();
    }

    @Test
    void sigtermLeavesInOrderAndExits130() throws Exception {
        ktun = start("intercept", "svc/api", "--port", String.valueOf(local.port()));
        await().atMost(Duration.ofSeconds(60)).until(() -> scene.askApi().equals("local"));

        ktun.destroy(); // SIGTERM, like Ctrl-C's SIGINT: both leave in order

        assertThat(ktun.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(ktun.exitValue()).as(Files.readString(log)).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(Files.readString(log)).contains("leaving (press Ctrl-C again to quit at once)")
                .contains("left: svc/api sends its traffic to its own pods again");
        assertThat(scene.intercepts()).isEmpty();
        assertThat(scene.apiSelector()).isEqualTo(Map.of("app", "api"));
        assertThat(scene.askApi()).isEqualTo("origin");
    }

    @Test
    void aKilledClientsServiceIsRestoredWhenItsLeaseRunsOut() throws Exception {
        ktun = start("intercept", "svc/api", "--port", String.valueOf(local.port()), "--lease", "5");
        await().atMost(Duration.ofSeconds(60)).until(() -> scene.askApi().equals("local"));

        ktun.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no goodbye, no delete

        assertThat(scene.askApi()).as("the proxy sends callers to the origin as soon as the tunnel is gone").isEqualTo("origin");
        await().atMost(Duration.ofSeconds(20)).until(() -> scene.apiSelector().equals(Map.of("app", "api")));
        assertThat(scene.intercepts()).singleElement().satisfies(i -> assertThat(i.phase().name()).isEqualTo("EXPIRED"));
    }

    @Test
    void theCommandsExitCodeBecomesKtunsAndTheInterceptEndsWithIt() throws Exception {
        ktun = start("intercept", "svc/api", "--port", String.valueOf(local.port()), "--", "sh", "-c", "sleep 1; exit 7");

        assertThat(ktun.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(ktun.exitValue()).as(Files.readString(log)).isEqualTo(7);
        assertThat(Files.readString(log)).contains("the command exited with code 7").contains("left: svc/api");
        assertThat(scene.intercepts()).isEmpty();
    }

    @Test
    void theCommandRunsWithThePodsEnvironmentFromTheEnvFile() throws Exception {
        scene.cluster().admin().pods().inNamespace(NS).withName("api-7c9d8-x1x2z").edit(p -> new PodBuilder(p).editSpec()
                .editFirstContainer().withEnv(new EnvVarBuilder().withName("GREETING").withValue("hello from the pod spec").build())
                .endContainer().endSpec().build());
        Path envFile = scene.directory().resolve("api.env");
        Path seen = scene.directory().resolve("seen");

        ktun = start("intercept", "svc/api", "--port", String.valueOf(local.port()), "--env-file", envFile.toString(),
                "--", "sh", "-c", "echo \"$GREETING\" > " + seen);

        assertThat(ktun.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(ktun.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(seen).trim()).isEqualTo("hello from the pod spec");
        assertThat(Files.readAllLines(envFile)).contains("GREETING=\"hello from the pod spec\"");
    }

    private Process start(String... args) throws IOException {
        return KtunProcess.start(scene, log, args);
    }
}
