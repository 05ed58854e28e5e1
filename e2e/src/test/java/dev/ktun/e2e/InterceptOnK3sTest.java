package dev.ktun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Service restored after {@code kill -9} of the client (lease) and after SIGTERM (leave), and no readiness probe of the
 * proxy reaching the developer. Skipped without Docker.
 * Images: see {@link KtunOnK3s}.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class InterceptOnK3sTest {
    private static final String NS = KtunOnK3s.NS;
    private static final Map<String, String> APP = KtunOnK3s.APP;
    private static final Duration STARTUP = KtunOnK3s.STARTUP;
    private static final int LEASE_SECONDS = 10;

    @Container
    private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(KtunOnK3s.K3S_IMAGE));

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
        admin = KtunOnK3s.install(kubeconfigYaml);
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

    @Test
    void theKubeletsReadinessProbesOfTheProxyNeverReachThisMachine() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket counting = countingHttpServer(connections)) {
            ktun = startKtun("intercept", "svc/api", "-n", NS, "--port", String.valueOf(counting.getLocalPort()));
            await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> callApi().equals("local"));
            int callersSoFar = connections.get();

            // Several periods of the proxy's readiness probe (1 s): none of them may become a connection here.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> connections.get() == callersSoFar);
        }
    }

    /** Answers every connection with a short HTTP response saying "local", and counts the connections. */
    private static ServerSocket countingHttpServer(AtomicInteger connections) throws IOException {
        ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    connections.incrementAndGet();
                    connection.setSoTimeout(5000);
                    readRequestHead(connection);
                    connection.getOutputStream().write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nlocal".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed, or the caller went away
                }
            }
        }, "e2e-counting-server");
        accept.setDaemon(true);
        accept.start();
        return server;
    }

    /** Up to the blank line after the headers (or the end): answering before would reset a caller still sending. */
    private static void readRequestHead(Socket connection) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b; matched < end.length && (b = connection.getInputStream().read()) != -1; ) {
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    private Process startKtun(String... args) throws IOException {
        return KtunOnK3s.startKtun(dir, kubeconfigYaml, log, args);
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
}
