package dev.ktun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectPhase;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code ktun connect} for real: the chart in k3s, the CLI as its own process, this machine calling Service
 * {@code orders} (port 8080, in front of the app's pods) by its cluster names through the Connect's proxy (the answer
 * names the cluster pod that served it), and the proxy gone
 * after SIGTERM and after {@code kill -9} (lease). Without root and without touching this machine's DNS: the test asks
 * ktun's resolver directly. Skipped without Docker; Linux only, where every 127.x.y.z address is this machine's (macOS
 * would need the lo0 aliases only root can add). Images: see {@link KtunOnK3s}.
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledOnOs(OS.LINUX)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConnectOnK3sTest {
    private static final String NS = KtunOnK3s.NS;
    private static final int LEASE_SECONDS = 10;
    private static final int ORDERS_PORT = 8080;
    private static final Pattern RESOLVER = Pattern.compile("resolver (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)");

    @Container
    private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(KtunOnK3s.K3S_IMAGE));

    private static KubernetesClient admin;
    private static String kubeconfigYaml;

    @TempDir
    Path dir;

    private Process ktun;
    private Path log;

    @BeforeAll
    static void installKtunAndTheApp() {
        kubeconfigYaml = K3S.getKubeConfigYaml();
        admin = KtunOnK3s.install(kubeconfigYaml);
        // Not api's port 80: without root ktun cannot listen below 1024 and says so (docs/dns.md); tests run unprivileged.
        admin.services().inNamespace(NS).resource(new ServiceBuilder()
                .withNewMetadata().withName("orders").endMetadata()
                .withNewSpec().withSelector(KtunOnK3s.APP)
                .addNewPort().withName("http").withPort(ORDERS_PORT).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build()).create();
    }

    @AfterAll
    static void closeClient() {
        if (admin != null) {
            admin.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (ktun != null) {
            ktun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        admin.resources(Connect.class).inNamespace(NS).delete();
        await().atMost(Duration.ofMinutes(1)).until(() -> admin.resources(Connect.class).inNamespace(NS).list().getItems().isEmpty());
    }

    @Test
    void thisMachineCallsAClusterServiceByItsNamesThroughItsOwnProxy() throws Exception {
        ktun = startKtun("connect", "-n", NS);
        InetSocketAddress resolver = await().atMost(KtunOnK3s.STARTUP).pollInterval(Duration.ofSeconds(1)).until(this::resolverInLog,
                Optional::isPresent).orElseThrow();
        InetAddress orders = await().atMost(Duration.ofSeconds(60)).until(() -> lookUp(resolver, "orders.shop"), Optional::isPresent)
                .orElseThrow();

        assertThat(lookUp(resolver, "orders")).contains(orders);
        assertThat(lookUp(resolver, "orders.shop.svc.cluster.local")).contains(orders);
        assertThat(rcode(resolver, "nope.shop.svc.cluster.local")).isEqualTo(Rcode.NXDOMAIN);
        await("an answer from a pod of the app").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> hostnameFrom(orders, ORDERS_PORT), answer -> answer.startsWith("api-"));
    }

    @Test
    void sigtermDeletesTheConnectAndExits130() throws Exception {
        ktun = startKtun("connect", "-n", NS);
        Connect connect = awaitActive();

        ktun.destroy();

        assertThat(ktun.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ktun.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(admin.resources(Connect.class).inNamespace(NS).withName(connect.getMetadata().getName()).get()).isNull();
        await("its proxy, garbage-collected").atMost(Duration.ofSeconds(60)).until(() -> proxyPods(connect) == 0);
    }

    @Test
    void aKilledClientsConnectExpiresAndItsProxyIsRemoved() throws Exception {
        ktun = startKtun("connect", "-n", NS, "--lease", String.valueOf(LEASE_SECONDS));
        Connect connect = awaitActive();

        ktun.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        await("expired after the lease").atMost(Duration.ofSeconds(LEASE_SECONDS + 30)).until(
                () -> admin.resources(Connect.class).inNamespace(NS).withName(connect.getMetadata().getName()).get().phase(),
                phase -> phase == ConnectPhase.EXPIRED);
        await("its proxy removed").atMost(Duration.ofSeconds(60)).until(() -> proxyPods(connect) == 0);
    }

    private Process startKtun(String... args) throws IOException {
        log = dir.resolve("ktun.log");
        return KtunOnK3s.startKtun(dir, kubeconfigYaml, log, args);
    }

    private Connect awaitActive() {
        return await().atMost(KtunOnK3s.STARTUP).pollInterval(Duration.ofSeconds(1)).until(
                () -> admin.resources(Connect.class).inNamespace(NS).list().getItems().stream().findFirst(),
                c -> c.isPresent() && c.get().phase() == ConnectPhase.ACTIVE).orElseThrow();
    }

    private int proxyPods(Connect connect) {
        return admin.pods().inNamespace(NS).withLabels(KtunLabels.connectPod(connect.getMetadata().getName())).list().getItems().size();
    }

    /** ktun prints where its resolver answers when it leaves the machine's DNS alone. */
    private Optional<InetSocketAddress> resolverInLog() throws IOException {
        Matcher m = RESOLVER.matcher(Files.readString(log));
        return m.find() ? Optional.of(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    private static Optional<InetAddress> lookUp(InetSocketAddress resolver, String name) throws IOException {
        Message answer = ask(resolver, name);
        return answer.getSection(Section.ANSWER).stream().filter(ARecord.class::isInstance).map(r -> ((ARecord) r).getAddress()).findFirst();
    }

    private static int rcode(InetSocketAddress resolver, String name) throws IOException {
        return ask(resolver, name).getRcode();
    }

    private static Message ask(InetSocketAddress resolver, String name) throws IOException {
        SimpleResolver simple = new SimpleResolver(resolver);
        simple.setTimeout(Duration.ofSeconds(2));
        return simple.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
    }

    /** agnhost's {@code /hostname}: the name of the cluster pod that answered; "" when the call failed. */
    private static String hostnameFrom(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 5000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /hostname HTTP/1.1\r\nHost: orders.shop\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? "" : response.substring(body + 4).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
