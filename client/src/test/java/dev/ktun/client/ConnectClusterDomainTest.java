package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ktun connect} in a cluster whose DNS domain is {@code corp.example}, not {@code cluster.local}: ktun must learn
 * it, or every full name is wrong and every call is dialled to a name the cluster does not have. A developer who may
 * read kube-system learns it from CoreDNS's ConfigMap; one who may not, from the cluster's DNS, asked through the tunnel.
 */
class ConnectClusterDomainTest {
    private static final String DOMAIN = "corp.example";
    private static final String COREDNS = "/api/v1/namespaces/kube-system/configmaps/coredns";

    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator().inDomain(DOMAIN);

    private HttpBackend orders;
    private KtunRun connect;

    @BeforeEach
    void orders() throws IOException {
        orders = HttpBackend.saying("orders in corp.example");
        scene.createServiceDialledByName(NS, "orders", orders.port());
    }

    @AfterEach
    void disconnect() {
        if (connect != null) {
            scene.disconnect(connect);
        }
        orders.close();
    }

    @Test
    void theDomainInCoreDnssConfigMapNamesTheServicesAndTheirCallsGoThere() throws Exception {
        connected();

        assertThat(connect.err()).contains("(domain corp.example)", "domain=corp.example,search=shop.svc.corp.example:")
                .doesNotContain("could not be discovered");
        assertThat(get("orders.shop.svc.corp.example")).isEqualTo("orders in corp.example");
    }

    @Test
    void aDeveloperWhoMayNotReadKubeSystemLearnsItFromTheClusterDnsThroughTheTunnel() throws Exception {
        assumeThat(System.getProperty("user.name")).as("the simulated cluster DNS listens on port 53: root").isEqualTo("root");
        scene.cluster().startDns();
        forbidCoreDnsConfigMap();

        connected();

        assertThat(connect.err()).contains("(domain corp.example)").doesNotContain("could not be discovered");
        assertThat(get("orders.shop.svc.corp.example")).isEqualTo("orders in corp.example");
    }

    @Test
    void whenNoSourceKnowsItSaysWhyEachFailedAndWhatItAssumes() throws Exception {
        forbidCoreDnsConfigMap();

        connected();

        assertThat(connect.err()).contains("the cluster DNS domain could not be discovered (ConfigMap kube-system/coredns: ",
                "; the cluster's DNS (asked through the tunnel): ", "assuming 'cluster.local'", "--cluster-domain DOMAIN",
                "(domain cluster.local)");
    }

    private void connected() {
        connect = scene.connect();
    }

    private void forbidCoreDnsConfigMap() {
        scene.cluster().server().expect().get().withPath(COREDNS).andReturn(403, new StatusBuilder()
                .withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage("configmaps \"coredns\" is forbidden: User \"bob\" cannot get resource \"configmaps\" in API group"
                        + " \"\" in the namespace \"kube-system\"")
                .build()).always();
    }

    /** GET / of the Service by the name ktun's resolver gives it, through ktun's listener and the tunnel. */
    private String get(String name) throws Exception {
        InetAddress address = ClusterResolver.printedIn(connect.err()).addresses(name).get(0);
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address.getHostAddress() + ":"
                    + orders.port() + "/")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("GET " + name + " failed; ktun's stderr:\n" + connect.err(), e);
        }
    }
}
