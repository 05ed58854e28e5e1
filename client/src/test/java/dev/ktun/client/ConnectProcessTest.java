package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Connect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ktun connect} as its own process: the way out a developer takes, Ctrl-C (SIGINT) or SIGTERM. */
class ConnectProcessTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private Process ktun;

    @AfterEach
    void stop() throws Exception {
        if (ktun != null) {
            ktun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermDeletesTheConnectAndExits130() throws Exception {
        Path log = scene.directory().resolve("ktun.log");
        ktun = KtunProcess.start(scene, log, "connect");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("connected; Ctrl-C to disconnect"));
        assertThat(connects()).isEqualTo(1);

        ktun.destroy(); // SIGTERM, handled as Ctrl-C's SIGINT is

        assertThat(ktun.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(ktun.exitValue()).as(Files.readString(log)).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(Files.readString(log)).contains("disconnected: deleted Connect '");
        assertThat(connects()).isZero();
    }

    private int connects() {
        return scene.cluster().admin().resources(Connect.class).inNamespace(NS).list().getItems().size();
    }
}
