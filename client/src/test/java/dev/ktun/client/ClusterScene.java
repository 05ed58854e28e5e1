package dev.ktun.client;

import static org.awaitility.Awaitility.await;

import dev.ktun.api.Connect;
import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.InterceptSpec;
import dev.ktun.client.sim.Scratch;
import dev.ktun.client.sim.SimulatedCluster;
import dev.ktun.tunnel.HostPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulated cluster (mock API server, real operator, in-process proxy pods, real port-forward WebSockets) with
 * Service {@code api} in namespace {@code shop}: port 80 ("http") to one origin pod whose server answers "origin".
 * The developer's kubeconfig points at it with {@code shop} as the default namespace. The cluster's DNS domain is
 * {@code cluster.local} unless the scene is made {@link #inDomain another}.
 */
final class ClusterScene implements BeforeEachCallback, AfterEachCallback {
    static final String NS = "shop";

    private final boolean withOperator;
    private final String domain;
    private SimulatedCluster cluster;
    private TestServer origin;
    private Path directory;
    private Path kubeconfig;

    private ClusterScene(boolean withOperator, String domain) {
        this.withOperator = withOperator;
        this.domain = domain;
    }

    static ClusterScene withOperator() {
        return new ClusterScene(true, SimulatedCluster.DOMAIN);
    }

    /** The API server and workload only: for the errors ktun must find before the operator is involved. */
    static ClusterScene withoutOperator() {
        return new ClusterScene(false, SimulatedCluster.DOMAIN);
    }

    /** The same scene in a cluster whose DNS domain is {@code clusterDomain}, not the usual {@code cluster.local}. */
    ClusterScene inDomain(String clusterDomain) {
        return new ClusterScene(withOperator, clusterDomain);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("ktun-scene");
        System.setProperty("ktun.home", directory.resolve("home").toString());
        // Where root's DNS journal would go: never the machine's /var/lib/ktun from a test.
        System.setProperty("ktun.state", directory.resolve("state").toString());
        cluster = SimulatedCluster.start(domain);
        if (withOperator) {
            cluster.startOperator();
        }
        origin = TestServer.saying("origin");
        int targetPort = Ports.free();
        cluster.createService(NS, "api", Map.of("app", "api"), "http", 80, targetPort);
        cluster.runPod(NS, "api-7c9d8-x1x2z", Map.of("app", "api"), targetPort, new HostPort("127.0.0.1", origin.port()));
        kubeconfig = cluster.writeKubeconfig(directory.resolve("kubeconfig"), NS);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        cluster.close();
        origin.close();
        System.clearProperty("ktun.home");
        System.clearProperty("ktun.state");
        Scratch.delete(directory);
    }

    SimulatedCluster cluster() {
        return cluster;
    }

    String kubeconfig() {
        return kubeconfig.toString();
    }

    Path directory() {
        return directory;
    }

    /**
     * A Service the simulated proxy pods can dial by its cluster name: its port is {@code port}, where the test runs the
     * Service's server on 127.0.0.1, and its name is one that {@code cluster-hosts} maps to 127.0.0.1 (see the pom).
     */
    void createServiceDialledByName(String namespace, String name, int port) {
        cluster.createService(namespace, name, Map.of("app", name), "http", port, port);
    }

    /** What a caller in the cluster gets from {@code api:80} on a new connection. */
    String askApi() throws IOException {
        return Wire.ask(cluster.serviceAddress(NS, "api", 80).port());
    }

    List<Intercept> intercepts() {
        return cluster.admin().resources(Intercept.class).inNamespace(NS).list().getItems();
    }

    /**
     * Another developer's Intercept of {@code api} port 80, {@code api-bob-7x2k}, made older than any created from now
     * on: the oldest Intercept holds the port, and creation timestamps have second precision.
     */
    void interceptedByBob() {
        Intercept bobs = new Intercept();
        bobs.setMetadata(new ObjectMetaBuilder().withName("api-bob-7x2k").withNamespace(NS).build());
        bobs.setSpec(new InterceptSpec("api", List.of(new InterceptPort(new IntOrString(80), 9000)), null,
                new InterceptOwner("bob", "bob-laptop"), "0".repeat(64), 30));
        Instant bobsCreation = Instant.parse(cluster.admin().resource(bobs).create().getMetadata().getCreationTimestamp());
        await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(bobsCreation.plusSeconds(1)));
    }

    /** {@code ktun connect} in this JVM, in the background, once it said it is connected. */
    KtunRun connect() {
        KtunRun connect = KtunRun.background("connect", "--kubeconfig", kubeconfig());
        connect.awaitErr("connected; Ctrl-C to disconnect", Duration.ofSeconds(60));
        return connect;
    }

    /** Ends a {@link #connect()}: there is no Ctrl-C to send in this JVM, so the Connect is deleted, as kubectl would. */
    void disconnect(KtunRun connect) {
        cluster.admin().resources(Connect.class).inNamespace(NS).delete();
        connect.exitCode();
    }

    Map<String, String> apiSelector() {
        return cluster.admin().services().inNamespace(NS).withName("api").get().getSpec().getSelector();
    }
}
