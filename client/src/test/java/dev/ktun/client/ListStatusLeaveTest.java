package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.InterceptSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ktun list}, {@code ktun status} and {@code ktun leave} around one running intercept and a colleague's. */
class ListStatusLeaveTest {
    @RegisterExtension
    final ClusterScene scene = ClusterScene.withOperator();

    private TestServer local;
    private KtunRun intercept;

    @BeforeEach
    void interceptApiAndLetBobHoldAnother() throws Exception {
        scene.cluster().createService(NS, "orders", java.util.Map.of("app", "orders"), "http", 80, Ports.free());
        Intercept bobs = new Intercept();
        bobs.setMetadata(new ObjectMetaBuilder().withName("orders-bob-7x2k").withNamespace(NS).build());
        bobs.setSpec(new InterceptSpec("orders", List.of(new InterceptPort(new IntOrString(80), 9000)), null,
                new InterceptOwner("bob", "bob-laptop"), "0".repeat(64), 30));
        scene.cluster().admin().resource(bobs).create();
        local = TestServer.saying("local");
        intercept = KtunRun.background("intercept", "svc/api", "--port", String.valueOf(local.port()), "--kubeconfig", scene.kubeconfig());
        intercept.awaitErr("waiting for callers", Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> scene.askApi().equals("local"));
    }

    @AfterEach
    void stop() throws Exception {
        if (!intercept.finished()) {
            KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());
            intercept.exitCode();
        }
        local.close();
    }

    private String mine() {
        return scene.intercepts().stream().filter(i -> i.serviceName().equals("api")).findFirst().orElseThrow().getMetadata().getName();
    }

    @Test
    void listShowsEveryonesInterceptsAsATable() {
        KtunRun list = KtunRun.run("list", "--kubeconfig", scene.kubeconfig());

        assertThat(list.exitCode()).isZero();
        assertThat(list.out().lines().toList().get(0)).matches("NAME\\s+SERVICE\\s+OWNER\\s+MODE\\s+PHASE\\s+AGE");
        assertThat(list.out()).containsPattern(mine() + "\\s+api\\s+" + Identity.current() + "\\s+steal\\s+Active\\s+\\d+s")
                .containsPattern("orders-bob-7x2k\\s+orders\\s+bob@bob-laptop\\s+steal\\s+\\w+\\s+\\d+s");
    }

    @Test
    void listAsJsonHasStableFieldNames() throws Exception {
        KtunRun list = KtunRun.run("list", "-o", "json", "--kubeconfig", scene.kubeconfig());

        JsonNode rows = new ObjectMapper().readTree(list.out());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fieldNames()).toIterable()
                .containsExactly("name", "namespace", "service", "owner", "mode", "phase", "created", "message");
        assertThat(rows.get(0).get("service").asText()).isEqualTo("api");
        assertThat(rows.get(0).get("phase").asText()).isEqualTo("Active");
    }

    @Test
    void statusShowsThisMachinesTunnelFromTheRunningIntercept() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(KtunRun.run("status", "--kubeconfig", scene.kubeconfig()).out()).contains("rtt"));

        KtunRun status = KtunRun.run("status", "--kubeconfig", scene.kubeconfig());

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("operator:   installed")
                .contains("intercept:  " + mine() + "   svc/api   Active")
                .contains("svc/api:80 -> localhost:" + local.port())
                .containsPattern("tunnel up, port-forward to pod ktun-proxy-api-\\S+ port 7300, rtt \\d+\\.\\d ms, [\\d.]+ K?i?B in / "
                        + "[\\d.]+ K?i?B out \\(pid " + ProcessHandle.current().pid() + "\\)")
                .doesNotContain("orders-bob-7x2k");
    }

    @Test
    void leaveRefusesSomeoneElsesInterceptUnlessForced() {
        KtunRun refused = KtunRun.run("leave", "orders-bob-7x2k", "--kubeconfig", scene.kubeconfig());

        assertThat(refused.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(refused.err()).contains("Intercept 'orders-bob-7x2k' belongs to bob@bob-laptop, not to you");

        KtunRun forced = KtunRun.run("leave", "orders-bob-7x2k", "--force", "--kubeconfig", scene.kubeconfig());
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(scene.intercepts()).extracting(i -> i.serviceName()).containsExactly("api");
    }

    @Test
    void leaveAllEndsOnlyYoursAndTheRunningInterceptSaysWhy() {
        KtunRun leave = KtunRun.run("leave", "--all", "--kubeconfig", scene.kubeconfig());

        assertThat(leave.exitCode()).isZero();
        assertThat(intercept.exitCode()).isEqualTo(ExitCode.FAILURE);
        assertThat(intercept.err()).contains("was deleted (by `ktun leave` or kubectl)");
        assertThat(scene.intercepts()).extracting(i -> i.getMetadata().getName()).containsExactly("orders-bob-7x2k");
    }
}
