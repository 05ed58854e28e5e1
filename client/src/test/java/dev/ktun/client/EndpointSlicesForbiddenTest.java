package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A developer whose role predates EndpointSlices (or a cluster admin who left them out): {@code ktun connect} still
 * gives this machine the Services, and says once which names are missing and which permission brings them.
 */
class EndpointSlicesForbiddenTest {
    /** The informer's first list (from its cache: resourceVersion=0), which RBAC refuses before any watch. */
    private static final String SLICES_LIST = "/apis/discovery.k8s.io/v1/namespaces/" + NS + "/endpointslices?resourceVersion=0";

    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    @Test
    void withoutEndpointSlicesServicesStillResolveAndOneLineNamesThePermission() throws Exception {
        scene.cluster().server().expect().get().withPath(SLICES_LIST).andReturn(403, new StatusBuilder()
                .withStatus("Failure").withReason("Forbidden").withCode(403)
                .withMessage("endpointslices.discovery.k8s.io is forbidden: User \"bob\" cannot list resource \"endpointslices\""
                        + " in API group \"discovery.k8s.io\" in the namespace \"shop\"")
                .build()).always();
        scene.createServiceDialledByName(NS, "orders", Ports.free());

        KtunRun connect = scene.connect();
        List<InetAddress> orders = ClusterResolver.printedIn(connect.err()).addresses("orders.shop");
        scene.disconnect(connect);

        assertThat(orders).isNotEmpty();
        assertThat(connect.err().lines().filter(line -> line.contains("endpointslices"))).as(connect.err())
                .containsExactly("ktun: outbound: headless Services' pods get no names of their own (such as db-0.db.shop):"
                        + " you may not list endpointslices.discovery.k8s.io in namespace shop; the chart's ktun-developer"
                        + " ClusterRole grants it (get, list, watch)");
    }
}
