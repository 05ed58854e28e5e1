package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.api.Connect;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ktun connect} end to end against the simulated cluster: the real operator starts the Connect's proxy, one
 * port-forward carries the tunnel, and this machine reaches Service {@code orders} by name. The test asks ktun's
 * resolver directly, as a developer without root would (ktun changes nothing on the machine: KTUN_NO_DNS_WIRING, pom).
 */
class ConnectTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private HttpBackend orders;
    private KtunRun connect;

    @BeforeEach
    void connect() throws Exception {
        orders = HttpBackend.saying("orders says hello");
        scene.createServiceDialledByName(NS, "orders", orders.port());
        connect = scene.connect();
    }

    @AfterEach
    void disconnect() {
        scene.disconnect(connect);
        orders.close();
    }

    @Test
    void theServicesShortNamespacedAndFullNamesResolveToOneLoopbackAddress() throws Exception {
        ClusterResolver resolver = ClusterResolver.printedIn(connect.err());

        List<InetAddress> bare = resolver.addresses("orders");

        assertThat(bare).singleElement().satisfies(a -> assertThat(a.getHostAddress()).startsWith("127.241."));
        assertThat(resolver.addresses("orders.shop")).isEqualTo(bare);
        assertThat(resolver.addresses("orders.shop.svc.cluster.local")).isEqualTo(bare);
    }

    @Test
    void anHttpRequestToTheServicesNameAndPortReachesItsServerThroughOnePortForward() throws Exception {
        InetAddress address = ClusterResolver.printedIn(connect.err()).addresses("orders.shop").get(0);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + address.getHostAddress() + ":" + orders.port() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("orders says hello");
        assertThat(scene.cluster().openPortForwards()).isEqualTo(1);
        assertThat(connect.err()).contains("tunnel up: port-forward to pod ktun-connect-")
                .contains("outbound: orders.shop:" + orders.port() + " works here");
    }

    @Test
    void anUnknownNameInTheClusterDomainIsNxdomain() throws Exception {
        assertThat(ClusterResolver.printedIn(connect.err()).rcode("nothing-here.shop.svc.cluster.local")).isEqualTo("NXDOMAIN");
    }

    @Test
    void aServiceCreatedWhileConnectedBecomesResolvable() throws Exception {
        ClusterResolver resolver = ClusterResolver.printedIn(connect.err());
        assertThat(resolver.rcode("payments.shop.svc.cluster.local")).isEqualTo("NXDOMAIN");

        scene.createServiceDialledByName(NS, "payments", orders.port());

        await().atMost(Duration.ofSeconds(10)).until(() -> !resolver.addresses("payments").isEmpty());
        assertThat(resolver.addresses("payments")).isNotEqualTo(resolver.addresses("orders"));
    }

    @Test
    void theConnectHoldsOnlyTheTokensHashAndItsOwner() {
        Connect created = scene.cluster().admin().resources(Connect.class).inNamespace(NS).list().getItems().get(0);

        assertThat(created.getSpec().tokenSha256()).matches("[0-9a-f]{64}");
        assertThat(created.getSpec().owner().describe()).isEqualTo(Identity.current());
        assertThat(connect.err()).contains("created Connect '" + created.getMetadata().getName() + "' in namespace 'shop'");
    }
}
