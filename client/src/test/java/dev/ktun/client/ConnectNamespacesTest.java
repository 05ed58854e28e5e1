package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
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
 * {@code ktun connect} for namespace {@code shop} alone, and a call to {@code postgres.db.svc.cluster.local}: as in a
 * pod, a full name works in any namespace the developer may list, and one they may not is never denied (NXDOMAIN)
 * but refused for now (SERVFAIL), with a line that says which permission is missing.
 */
class ConnectNamespacesTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private HttpBackend postgres;
    private KtunRun connect;
    private ClusterResolver resolver;

    @BeforeEach
    void connect() throws Exception {
        postgres = HttpBackend.saying("postgres in db");
        scene.createServiceDialledByName("db", "postgres", postgres.port());
        scene.cluster().server().expect().get().withPath("/api/v1/namespaces/secret/services?resourceVersion=0")
                .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
                        .withMessage("services is forbidden: User \"bob\" cannot list resource \"services\" in API group \"\""
                                + " in the namespace \"secret\"")
                        .build()).always();
        connect = scene.connect();
        resolver = ClusterResolver.printedIn(connect.err());
    }

    @AfterEach
    void disconnect() {
        scene.disconnect(connect);
        postgres.close();
    }

    @Test
    void aFullNameInANamespaceNobodyChoseResolvesAndCarriesTheCall() throws Exception {
        InetAddress address = resolver.addresses("postgres.db.svc.cluster.local").get(0);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + address.getHostAddress() + ":" + postgres.port() + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("postgres in db");
        assertThat(connect.err()).contains("outbound: a name in namespace db was asked: its Services resolve and listen here too");
        assertThat(resolver.addresses("postgres.db")).as("then its short names too").containsExactly(address);
    }

    @Test
    void aNamespaceTheDeveloperMayNotListIsServfailWithTheRoleThatWouldAllowIt() throws Exception {
        assertThat(resolver.rcode("vault.secret.svc.cluster.local")).isEqualTo("SERVFAIL");
        assertThat(connect.err()).contains("outbound: names in namespace secret get SERVFAIL: you may not watch services in"
                + " namespace 'secret'", "kubectl create rolebinding ktun-developer --clusterrole=ktun-developer --user=bob -n secret");
    }
}
