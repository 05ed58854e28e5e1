package dev.ktun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.sun.net.httpserver.HttpServer;
import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunLabels;
import dev.ktun.client.Ktun;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code ktun intercept} for real: the chart installed into k3s, a sample app behind Service {@code api}, the CLI as its
 * own process tunnelling through the Kubernetes API port-forward, callers inside the cluster (a curl pod), and the
 * Service restored after {@code kill -9} of the client (lease) and after SIGTERM (leave). Skipped without Docker.
 *
 * <p>k3s pulls the images, so they must be in a registry it can reach: override the chart's with
 * {@code -Dktun.it.operatorImage=repo:tag}, {@code -Dktun.it.proxyImage=repo:tag}, {@code -Dktun.it.hooksImage=repo:tag}
 * (as in charts-test's {@code ChartOnK3sTest}); {@code ktun.it.appImage}, {@code ktun.it.curlImage},
 * {@code ktun.it.k3sImage} pick the others.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InterceptOnK3sTest {
    private static final String NS = "shop";
    private static final Map<String, String> APP = Map.of("app", "api");
    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final int LEASE_SECONDS = 10;

    @Container
    private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(System.getProperty("ktun.it.k3sImage", "rancher/k3s:v1.33.4-k3s1")));

    private static KubernetesClient admin;
    private static String kubeconfigYaml;

    @TempDir
    Path dir;

    private HttpServer localApp;
    private Process ktun;
    private Path log;

    @BeforeAll
    static void installKtunAndTheApp() {
        kubeconfigYaml = K3S.getKubeConfigYaml();
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ktun-system").endMetadata().build()).create();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        InstallCommand install = new Helm(Path.of(System.getProperty("ktun.chart.dir", "../charts/ktun")).toAbsolutePath().normalize())
                .install().withName("ktun").withNamespace("ktun-system").withKubeConfigContents(kubeconfigYaml)
                .waitReady().withTimeout((int) STARTUP.toSeconds());
        image("ktun.it.operatorImage", "image", install);
        image("ktun.it.proxyImage", "proxy.image", install);
        image("ktun.it.hooksImage", "hooks.image", install);
        install.call();
        deployApp();
    }

    @AfterAll
    static void closeClient() {
        if (admin != null) {
            admin.close();
        }
    }

    @BeforeEach
    void startLocalApp() throws IOException {
        localApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        localApp.createContext("/", exchange -> {
            byte[] body = "local".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        localApp.start();
        log = dir.resolve("ktun.log");
    }

    @AfterEach
    void stop() throws Exception {
        if (ktun != null) {
            ktun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        localApp.stop(0);
        // The next test starts from a Service nobody intercepts.
        admin.resources(Intercept.class).inNamespace(NS).delete();
        await().atMost(Duration.ofMinutes(1)).until(() -> admin.resources(Intercept.class).inNamespace(NS).list().getItems().isEmpty());
    }

    @Test
    void clusterCallersReachThisMachineThroughPortForwardAndAKilledClientGetsItsServiceRestored() throws Exception {
        ktun = startKtun("intercept", "svc/api", "-n", NS, "--port", String.valueOf(localApp.getAddress().getPort()),
                "--lease", String.valueOf(LEASE_SECONDS));
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> callApi().equals("local"));
        assertThat(Files.readString(log)).contains("tunnel up: port-forward to pod ktun-proxy-api-");

        ktun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        await("callers back on the app's pods").atMost(Duration.ofSeconds(20)).until(() -> callApi().startsWith("api-"));
        await("the Service's own selector back after the lease").atMost(Duration.ofSeconds(LEASE_SECONDS + 30))
                .until(() -> APP.equals(admin.services().inNamespace(NS).withName("api").get().getSpec().getSelector()));
        assertThat(admin.resources(Intercept.class).inNamespace(NS).list().getItems())
                .singleElement().satisfies(i -> assertThat(i.phase()).isEqualTo(InterceptPhase.EXPIRED));
    }

    @Test
    void sigtermLeavesAndRestoresTheServiceAtOnce() throws Exception {
        ktun = startKtun("intercept", "svc/api", "-n", NS, "--port", String.valueOf(localApp.getAddress().getPort()));
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> callApi().equals("local"));
        assertThat(admin.services().inNamespace(NS).withName("api").get().getSpec().getSelector()).isEqualTo(KtunLabels.proxyPod("api"));

        ktun.destroy();

        assertThat(ktun.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ktun.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(admin.services().inNamespace(NS).withName("api").get().getSpec().getSelector()).isEqualTo(APP);
        assertThat(admin.resources(Intercept.class).inNamespace(NS).list().getItems()).isEmpty();
        assertThat(callApi()).startsWith("api-");
    }

    private Process startKtun(String... args) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kubeconfigYaml);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dktun.home=" + dir.resolve("home"), "-cp", System.getProperty("java.class.path"), Ktun.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** What a pod in the cluster gets from {@code http://api/hostname}: the answering pod's name, or "local". */
    private static String callApi() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExecWatch exec = admin.pods().inNamespace(NS).withName("caller").writingOutput(out)
                .exec("curl", "-s", "--max-time", "5", "http://api/hostname")) {
            exec.exitCode().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "";
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private static void image(String property, String key, InstallCommand install) {
        String image = System.getProperty(property);
        if (image != null && !image.isBlank()) {
            int colon = image.lastIndexOf(':');
            install.set(key + ".repository", image.substring(0, colon)).set(key + ".tag", image.substring(colon + 1));
        }
    }

    /** Service api (80 "http" -> 8080) in front of agnhost netexec, whose /hostname names the answering pod; and a curl pod. */
    private static void deployApp() {
        admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName("api").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(APP).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(APP).endMetadata()
                .withNewSpec().addNewContainer().withName("api")
                .withImage(System.getProperty("ktun.it.appImage", "registry.k8s.io/e2e-test-images/agnhost:2.53"))
                .withArgs("netexec", "--http-port=8080")
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        admin.services().inNamespace(NS).resource(new ServiceBuilder()
                .withNewMetadata().withName("api").endMetadata()
                .withNewSpec().withSelector(APP)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
        admin.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName("caller").endMetadata()
                .withNewSpec().addNewContainer().withName("curl")
                .withImage(System.getProperty("ktun.it.curlImage", "curlimages/curl:8.11.1"))
                .withCommand("sleep", "infinity").endContainer().endSpec().build()).create();
        admin.apps().deployments().inNamespace(NS).withName("api").waitUntilReady(STARTUP.toSeconds(), TimeUnit.SECONDS);
        admin.pods().inNamespace(NS).withName("caller").waitUntilReady(STARTUP.toSeconds(), TimeUnit.SECONDS);
    }
}
