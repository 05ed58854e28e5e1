package dev.ktun.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import dev.ktun.client.Ktun;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every k3s suite needs: ktun's chart installed, the sample app (Service {@code api} in {@code shop}, whose
 * {@code /hostname} names the answering pod) with a curl pod beside it, and the CLI started as its own process.
 *
 * <p>k3s pulls the images, so they must be in a registry it can reach: override the chart's with
 * {@code -Dktun.it.operatorImage=repo:tag}, {@code -Dktun.it.proxyImage=repo:tag}, {@code -Dktun.it.hooksImage=repo:tag}
 * (as in charts-test's {@code ChartOnK3sTest}); {@code ktun.it.appImage}, {@code ktun.it.curlImage},
 * {@code ktun.it.k3sImage} pick the others.
 */
final class KtunOnK3s {
    static final String NS = "shop";
    static final Map<String, String> APP = Map.of("app", "api");
    static final Duration STARTUP = Duration.ofMinutes(4);
    static final String K3S_IMAGE = System.getProperty("ktun.it.k3sImage", "rancher/k3s:v1.33.4-k3s1");

    private KtunOnK3s() {
    }

    /** Installs the chart into {@code ktun-system} and deploys the app; returns an admin client. */
    static KubernetesClient install(String kubeconfigYaml) {
        KubernetesClient admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ktun-system").endMetadata().build()).create();
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        InstallCommand install = new Helm(Path.of(System.getProperty("ktun.chart.dir", "../charts/ktun")).toAbsolutePath().normalize())
                .install().withName("ktun").withNamespace("ktun-system").withKubeConfigContents(kubeconfigYaml)
                .waitReady().withTimeout((int) STARTUP.toSeconds());
        image("ktun.it.operatorImage", "image", install);
        image("ktun.it.proxyImage", "proxy.image", install);
        image("ktun.it.hooksImage", "hooks.image", install);
        install.call();
        deployApp(admin);
        return admin;
    }

    /**
     * {@code ktun ARGS --kubeconfig ...} as its own JVM, output to {@code log}. It never rewires this machine's DNS
     * (KTUN_NO_DNS_WIRING): a test run as root must not touch the host's resolver.
     */
    static Process startKtun(Path dir, String kubeconfigYaml, Path log, String... args) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kubeconfigYaml);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dktun.home=" + dir.resolve("home"), "-cp", System.getProperty("java.class.path"), Ktun.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--kubeconfig", kubeconfig.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KTUN_NO_DNS_WIRING", "true");
        return builder.start();
    }

    private static void image(String property, String key, InstallCommand install) {
        String image = System.getProperty(property);
        if (image != null && !image.isBlank()) {
            int colon = image.lastIndexOf(':');
            install.set(key + ".repository", image.substring(0, colon)).set(key + ".tag", image.substring(colon + 1));
        }
    }

    /** Service api (80 "http" -> 8080) in front of agnhost netexec, whose /hostname names the answering pod; and a curl pod. */
    private static void deployApp(KubernetesClient admin) {
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
