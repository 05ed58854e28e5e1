package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
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
 * {@code ktun connect} gives each ready pod of a headless Service its own cluster name, as a StatefulSet's clients use
 * them ({@code db-0.db.shop}). Pod {@code db-0} of headless Service {@code db} is a local server at 127.0.0.1, its pod IP:
 * {@code cluster-hosts} does not know {@code db}'s name, so only a proxy that dials the pod IP reaches it.
 */
class HeadlessPodNamesTest {
    private static final String DB_0 = "db-0.db.shop.svc.cluster.local";

    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private HttpBackend db0;
    private KtunRun connect;
    private ClusterResolver resolver;

    @BeforeEach
    void connect() throws Exception {
        db0 = HttpBackend.saying("db-0 says hello");
        createService("db", "None");
        publish(slice("db", "db-abc12", "db-0", "127.0.0.1", true));
        // A plain Service whose endpoint has a hostname too: only a headless Service's pods have names of their own.
        createService("orders", null);
        publish(slice("orders", "orders-abc12", "orders-0", "127.0.0.1", true));
        connect = scene.connect();
        resolver = ClusterResolver.printedIn(connect.err());
    }

    @AfterEach
    void disconnect() {
        scene.disconnect(connect);
        db0.close();
    }

    @Test
    void aHeadlessPodsFullAndShortNamesResolveToAnAddressOfItsOwn() throws Exception {
        List<InetAddress> pod = resolver.addresses(DB_0);

        assertThat(pod).singleElement().satisfies(a -> assertThat(a.getHostAddress()).startsWith("127.241."));
        assertThat(resolver.addresses("db-0.db.shop")).isEqualTo(pod);
        assertThat(resolver.addresses("db.shop")).isNotEmpty().isNotEqualTo(pod);
    }

    @Test
    void anHttpRequestToAPodsNameAndTheServicesPortReachesThatPodThroughTheTunnel() throws Exception {
        connect.awaitErr("outbound: db-0.db.shop:" + db0.port() + " works here", Duration.ofSeconds(10));
        InetAddress address = resolver.addresses("db-0.db.shop").get(0);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + address.getHostAddress() + ":" + db0.port() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("db-0 says hello");
    }

    @Test
    void aPodThatTurnsNotReadyVanishes() throws Exception {
        assertThat(resolver.addresses(DB_0)).isNotEmpty();

        publish(slice("db", "db-abc12", "db-0", "127.0.0.1", false));

        await().atMost(Duration.ofSeconds(10)).until(() -> resolver.rcode(DB_0).equals("NXDOMAIN"));
        assertThat(resolver.addresses("db.shop")).isNotEmpty();
    }

    @Test
    void aPodInAnotherSliceOfTheServiceJoinsTheOthers() throws Exception {
        publish(slice("db", "db-def34", "db-1", "127.0.0.1", true));

        await().atMost(Duration.ofSeconds(10)).until(() -> !resolver.addresses("db-1.db.shop.svc.cluster.local").isEmpty());
        assertThat(resolver.addresses(DB_0)).isNotEmpty();
    }

    @Test
    void aPlainServicesEndpointsGetNoNamesOfTheirOwn() throws Exception {
        assertThat(resolver.addresses("orders.shop")).isNotEmpty();
        assertThat(resolver.rcode("orders-0.orders.shop.svc.cluster.local")).isEqualTo("NXDOMAIN");
    }

    /** Its one port is the port {@link #db0} listens on: the pod's container port, where the proxy dials the pod IP. */
    private void createService(String name, String clusterIp) {
        scene.cluster().admin().services().inNamespace(NS).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).addNewPort().withName("http").withPort(db0.port()).withProtocol("TCP").endPort()
                .endSpec().build()).create();
    }

    /** One endpoint, as the EndpointSlice controller writes it for a pod with {@code hostname} and {@code subdomain}. */
    private EndpointSlice slice(String service, String name, String hostname, String ip, boolean ready) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4")
                .addToEndpoints(new EndpointBuilder().withHostname(hostname).withAddresses(ip)
                        .withNewConditions().withReady(ready).endConditions().build())
                .addNewPort().withName("http").withPort(db0.port()).withProtocol("TCP").endPort()
                .build();
    }

    private void publish(EndpointSlice slice) {
        scene.cluster().admin().discovery().v1().endpointSlices().inNamespace(NS).resource(slice).createOr(existing -> existing.update());
    }
}
