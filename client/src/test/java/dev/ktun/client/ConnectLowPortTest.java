package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ktun connect} without the privilege to bind ports below 1024, as a developer runs it: root here, so the test
 * takes the capability away ({@code setpriv --bounding-set=-net_bind_service}) and the kernel refuses port 80 as it
 * refuses a plain user. Service {@code api} has port 80; {@code orders} a high port.
 */
class ConnectLowPortTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private Process ktun;
    private Path log;

    @BeforeEach
    void unprivileged() throws Exception {
        assumeThat(System.getProperty("user.name")).as("dropping a capability needs root").isEqualTo("root");
        assumeThat(Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "setpriv"))))
                .as("setpriv (util-linux)").isTrue();
        // readAllLines, not readString: a sysctl file read one byte at a time ends after the first byte.
        assumeThat(Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).get(0).trim()))
                .as("port 80 is privileged on this machine").isGreaterThan(80);
        log = scene.directory().resolve("ktun.log");
    }

    @AfterEach
    void stop() throws Exception {
        if (ktun != null) {
            ktun.destroy();
            ktun.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortBelow1024ThatCannotBeBoundIsNamedWithTheWaysToGetIt() throws Exception {
        int high = Ports.free();
        scene.createServiceDialledByName(NS, "orders", high);

        ktun = KtunProcess.start(scene, log, List.of("setpriv", "--bounding-set=-net_bind_service"), "connect");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("connected; Ctrl-C to disconnect")
                || !ktun.isAlive());

        assertThat(Files.readString(log)).contains(
                "outbound: api.shop:80 is not reachable locally: ",
                "Permission denied (ports below 1024 need privilege)",
                "outbound: to reach ports from 80 up, run ktun with sudo (which also wires this machine's DNS), or let every"
                        + " program bind them: 'sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80'",
                "outbound: orders.shop:" + high + " works here",
                "connected; Ctrl-C to disconnect");
    }
}
