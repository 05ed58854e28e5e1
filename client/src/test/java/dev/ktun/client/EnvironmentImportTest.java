package dev.ktun.client;

import static dev.ktun.client.ClusterScene.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import dev.ktun.client.sim.SimulatedCluster;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --env-file}: the environment the Service's pods' container sees, resolved as the kubelet would. */
class EnvironmentImportTest {
    private static SimulatedCluster cluster;
    private static KubernetesClient admin;
    private static final AtomicInteger WORKLOADS = new AtomicInteger();

    @TempDir
    Path directory;

    /** One API server for the class (the pods differ per test): no operator or tunnel is involved here. */
    @BeforeAll
    static void configuration() throws Exception {
        cluster = SimulatedCluster.start();
        admin = cluster.admin();
        admin.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("billing-config").endMetadata()
                .addToData("LOG_LEVEL", "debug").addToData("region", "eu-west-1").build()).create();
        admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("billing-db").endMetadata()
                .addToData("password", base64("s3cr\"et $HOME")).addToData("user", base64("billing")).build()).create();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private Map<String, String> environmentOf(EnvVar... env) {
        String name = "billing" + WORKLOADS.incrementAndGet();
        cluster.createService(NS, name, Map.of("app", name), "http", 80, 8080);
        admin.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name + "-5f6d-abcde").withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("billing").withImage("shop/billing:3")
                .addNewPort().withContainerPort(8080).endPort()
                .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("billing-config").endConfigMapRef().endEnvFrom()
                .withEnv(env).endContainer().endSpec().build()).create();
        Service service = admin.services().inNamespace(NS).withName(name).get();
        return new PodEnvironment(admin.adapt(NamespacedKubernetesClient.class).inNamespace(NS)).of(service, null).getValue();
    }

    @Test
    void literalValuesAndReferencesToEarlierVariablesAreKept() {
        Map<String, String> env = environmentOf(
                new EnvVarBuilder().withName("PORT").withValue("8080").build(),
                new EnvVarBuilder().withName("URL").withValue("http://localhost:$(PORT)/$$(not-a-ref)").build());

        assertThat(env).containsEntry("PORT", "8080").containsEntry("URL", "http://localhost:8080/$(not-a-ref)");
    }

    @Test
    void configMapKeysAndEnvFromAreResolved() {
        Map<String, String> env = environmentOf(new EnvVarBuilder().withName("REGION").withNewValueFrom()
                .withNewConfigMapKeyRef().withName("billing-config").withKey("region").endConfigMapKeyRef().endValueFrom().build());

        assertThat(env).containsEntry("REGION", "eu-west-1").containsEntry("CFG_LOG_LEVEL", "debug").containsEntry("CFG_region", "eu-west-1");
    }

    @Test
    void secretKeysAreDecoded() {
        Map<String, String> env = environmentOf(new EnvVarBuilder().withName("DB_PASSWORD").withNewValueFrom()
                .withNewSecretKeyRef().withName("billing-db").withKey("password").endSecretKeyRef().endValueFrom().build());

        assertThat(env).containsEntry("DB_PASSWORD", "s3cr\"et $HOME");
    }

    @Test
    void aMissingKeySaysWhichVariableWhichObjectAndWhichKey() {
        assertThatThrownBy(() -> environmentOf(new EnvVarBuilder().withName("DB_HOST").withNewValueFrom()
                .withNewSecretKeyRef().withName("billing-db").withKey("host").endSecretKeyRef().endValueFrom().build()))
                .isInstanceOf(KtunException.class)
                .hasMessageMatching("env DB_HOST of container 'billing' of pod billing\\d+-5f6d-abcde: Secret 'billing-db' has no key 'host'");
    }

    @Test
    void anOptionalMissingKeyIsLeftOut() {
        Map<String, String> env = environmentOf(new EnvVarBuilder().withName("TRACING").withNewValueFrom()
                .withNewConfigMapKeyRef().withName("billing-config").withKey("tracing").withOptional(true).endConfigMapKeyRef()
                .endValueFrom().build());

        assertThat(env).doesNotContainKey("TRACING");
    }

    @Test
    void theEnvFileIsDotenvThatQuotesWhatNeedsQuoting() throws Exception {
        Path file = directory.resolve("billing.env");

        DotEnv.write(file, "test", Map.of("DB_PASSWORD", "s3cr\"et $HOME"));

        assertThat(Files.readAllLines(file)).containsExactly("# test", "DB_PASSWORD=\"s3cr\\\"et \\$HOME\"");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
