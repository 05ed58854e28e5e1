package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ktun intercept ... -- CMD}: the intercepted process also calls the cluster's other Services by name, over the
 * intercept's own tunnel (its proxy dials them), with no Connect and no change to this machine's DNS.
 */
class InterceptOutboundTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private TestServer local;
    private TestServer orders;

    @BeforeEach
    void servers() throws Exception {
        local = TestServer.saying("local");
        orders = TestServer.saying("orders in the cluster");
        scene.createServiceDialledByName(NS, "orders", orders.port());
    }

    @AfterEach
    void stop() throws Exception {
        local.close();
        orders.close();
    }

    @Test
    void aJavaCommandCallsAnotherServiceByItsShortClusterName() throws Exception {
        Path seen = scene.directory().resolve("seen");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        KtunRun intercept = KtunRun.run("intercept", "svc/api", "--port", String.valueOf(local.port()), "--kubeconfig",
                scene.kubeconfig(), "--", java, "-cp", System.getProperty("java.class.path"), CallByName.class.getName(),
                "orders", String.valueOf(orders.port()), seen.toString());

        assertThat(intercept.exitCode()).as(intercept.err()).isZero();
        // The JVM found "orders" at ktun's loopback address for it, and the tunnel took the connection to the Service.
        assertThat(Files.readString(seen)).startsWith("127.241.").endsWith(" orders in the cluster");
        assertThat(intercept.err()).contains("JVMs the command starts resolve cluster names through JAVA_TOOL_OPTIONS=-javaagent:");
    }

    @Test
    void theCommandGetsTheDnsAgentInJavaToolOptions() throws Exception {
        Path seen = scene.directory().resolve("seen");

        KtunRun intercept = KtunRun.run("intercept", "svc/api", "--port", String.valueOf(local.port()), "--kubeconfig",
                scene.kubeconfig(), "--", "sh", "-c", "printf %s \"$JAVA_TOOL_OPTIONS\" > " + seen);

        assertThat(intercept.exitCode()).as(intercept.err()).isZero();
        assertThat(Files.readString(seen)).startsWith("-javaagent:" + scene.directory().resolve("home").resolve("ktun-dns-agent.jar")
                + "=dns=127.241.0.53:").contains(",domain=cluster.local,search=shop.svc.cluster.local:");
    }

    @Test
    void withNoOutboundTheCommandGetsNoAgentAndNoNamesAreServed() throws Exception {
        Path seen = scene.directory().resolve("seen");

        KtunRun intercept = KtunRun.run("intercept", "svc/api", "--port", String.valueOf(local.port()), "--no-outbound",
                "--kubeconfig", scene.kubeconfig(), "--", "sh", "-c", "printf %s \"$JAVA_TOOL_OPTIONS\" > " + seen);

        assertThat(intercept.exitCode()).as(intercept.err()).isZero();
        assertThat(Files.readString(seen)).isEmpty();
        assertThat(intercept.err()).doesNotContain("outbound:");
    }

    @Test
    void outboundNamespacesAddTheirServicesAfterTheInterceptsOwn() {
        scene.cluster().createService("db", "postgres", java.util.Map.of("app", "postgres"), "sql", 5432, 5432);

        KtunRun intercept = KtunRun.background("intercept", "svc/api", "--port", String.valueOf(local.port()),
                "--outbound-namespace", "db", "--kubeconfig", scene.kubeconfig());
        intercept.awaitErr("outbound: postgres.db:5432 works here", Duration.ofSeconds(30));

        assertThat(intercept.err()).contains("cluster names of namespaces shop, db");
        KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());
        intercept.exitCode();
    }
}
