package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptMode;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.InterceptSpec;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The chart on a real cluster: installed into k3s with helm-java, `helm test`, an intercept by a developer who holds
 * nothing but `ktun-developer`, and an uninstall while that intercept is active. Skipped without Docker.
 *
 * <p>The images are pulled by k3s, so they must be in a registry k3s can reach. Override them with system properties
 * (repository:tag): {@code ktun.it.operatorImage}, {@code ktun.it.proxyImage}, {@code ktun.it.hooksImage},
 * {@code ktun.it.appImage}, {@code ktun.it.k3sImage}.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ChartOnK3sTest {

  private static final String SYSTEM = "ktun-system";
  private static final String APP_NAMESPACE = "shop";
  private static final String DEVELOPER = "alice";
  private static final Map<String, String> APP_SELECTOR = Map.of("app", "api");
  private static final Duration STARTUP = Duration.ofMinutes(4);

  @Container
  private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse(System.getProperty("ktun.it.k3sImage", "rancher/k3s:v1.33.4-k3s1")));

  private static String kubeconfig;
  private static KubernetesClient admin;
  private static KubernetesClient alice;

  @BeforeAll
  static void installChartAndApp() {
    kubeconfig = K3S.getKubeConfigYaml();
    admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    Config asAlice = Config.fromKubeconfig(kubeconfig);
    asAlice.setImpersonateUsername(DEVELOPER);
    alice = new KubernetesClientBuilder().withConfig(asAlice).build();

    // Both namespaces enforce Pod Security "restricted": every pod the chart and the operator start must pass it.
    Stream.of(SYSTEM, APP_NAMESPACE)
        .forEach(
            ns ->
                admin.namespaces()
                    .resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build())
                    .create());

    InstallCommand install =
        new Helm(RenderedChart.CHART)
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(SYSTEM)
            .withKubeConfigContents(kubeconfig)
            .waitReady()
            .withTimeout((int) STARTUP.toSeconds());
    image("ktun.it.operatorImage", "image", install);
    image("ktun.it.proxyImage", "proxy.image", install);
    image("ktun.it.hooksImage", "hooks.image", install);
    install.call();

    deployApp();
    admin.rbac().roleBindings().inNamespace(APP_NAMESPACE)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata().withName("ktun-developer-alice").endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "ktun-developer")
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(DEVELOPER).endSubject()
                .build())
        .create();
  }

  @AfterAll
  static void closeClients() {
    Stream.of(alice, admin).filter(c -> c != null).forEach(KubernetesClient::close);
  }

  /** Sets repository and tag from a "repository:tag" system property, if given. */
  private static void image(String property, String key, InstallCommand install) {
    String image = System.getProperty(property);
    if (image == null || image.isBlank()) {
      return;
    }
    int colon = image.lastIndexOf(':');
    if (colon < image.lastIndexOf('/')) {
      throw new IllegalArgumentException(property + " must be repository:tag, was " + image);
    }
    install.set(key + ".repository", image.substring(0, colon)).set(key + ".tag", image.substring(colon + 1));
  }

  /** Service api (port 80 "http" to 8080) in front of a small HTTP server, restricted like everything else. */
  private static void deployApp() {
    String appImage = System.getProperty("ktun.it.appImage", "registry.k8s.io/e2e-test-images/agnhost:2.53");
    admin.apps().deployments().inNamespace(APP_NAMESPACE)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata().withName("api").endMetadata()
                .withNewSpec()
                .withNewSelector().withMatchLabels(APP_SELECTOR).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(APP_SELECTOR).endMetadata()
                .withNewSpec()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(65532L).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewContainer()
                .withName("api")
                .withImage(appImage)
                .withArgs("netexec", "--http-port=8080")
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    admin.services().inNamespace(APP_NAMESPACE)
        .resource(
            new ServiceBuilder()
                .withNewMetadata().withName("api").endMetadata()
                .withNewSpec()
                .withSelector(APP_SELECTOR)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec()
                .build())
        .create();
    admin.apps().deployments().inNamespace(APP_NAMESPACE).withName("api").waitUntilReady(STARTUP.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Creates an Intercept of Service api as alice and waits until it is Active. */
  private static Intercept interceptAsAlice(String name) throws Exception {
    Intercept intercept = new Intercept();
    intercept.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(APP_NAMESPACE).build());
    String tokenSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(("token-" + name).getBytes(StandardCharsets.UTF_8)));
    // The longest lease the CRD allows: the test renews it once to prove it may, and needs no renewal loop.
    intercept.setSpec(
        new InterceptSpec("api", List.of(new InterceptPort(new IntOrString("http"), 8080)), InterceptMode.STEAL, new InterceptOwner(DEVELOPER, "k3s-test"), tokenSha256, 3600));
    alice.resource(intercept).create();
    await("Intercept " + name + " Active")
        .atMost(STARTUP)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> alice.resources(Intercept.class).inNamespace(APP_NAMESPACE).withName(name).get().phase() == InterceptPhase.ACTIVE);
    return alice.resources(Intercept.class).inNamespace(APP_NAMESPACE).withName(name).get();
  }

  private static Service appService() {
    return admin.services().inNamespace(APP_NAMESPACE).withName("api").get();
  }

  private static void assertServiceIsItsOwn() {
    Service service = appService();
    assertThat(service.getSpec().getSelector()).isEqualTo(APP_SELECTOR);
    assertThat(service.getMetadata().getAnnotations()).doesNotContainKey(KtunAnnotations.ORIGINAL_SELECTOR);
  }

  @Test
  @Order(1)
  void helmTestPasses() {
    String status = Helm.test(RenderedChart.RELEASE).withNamespace(SYSTEM).withKubeConfigContents(kubeconfig).withTimeout(180).call().getStatus();

    assertThat(status).isEqualTo("deployed");
    assertThat(admin.pods().inNamespace(SYSTEM).withName("ktun-test").get()).as("a passed test pod is deleted").isNull();
  }

  @Test
  @Order(2)
  void aKtunDeveloperInterceptsPortForwardsAndLeavesButCannotTouchTheService() throws Exception {
    Intercept active = interceptAsAlice("alice-api");
    assertThat(appService().getSpec().getSelector()).isEqualTo(KtunLabels.proxyPod("api"));

    // The lease renewal the client does (docs/lease.md): a merge patch of one annotation.
    alice.resources(Intercept.class).inNamespace(APP_NAMESPACE).withName("alice-api")
        .patch(PatchContext.of(PatchType.JSON_MERGE), annotationPatch(KtunAnnotations.LEASE_RENEWED_AT, Instant.now().toString()));

    try (LocalPortForward forward =
        alice.pods().inNamespace(APP_NAMESPACE).withName(active.getStatus().getProxyPod()).portForward(active.getStatus().getTunnelPort())) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), forward.getLocalPort())) {
        socket.setSoTimeout(3000);
        InputStream in = socket.getInputStream();
        try {
          in.read(); // the proxy waits for a handshake; EOF or a timeout both mean the forward was allowed to open
        } catch (SocketTimeoutException expected) {
          // nothing sent, nothing received: the tunnel listener is there
        }
      }
      assertThat(forward.getClientThrowables()).isEmpty();
      assertThat(forward.getServerThrowables()).isEmpty();
    }

    assertThatThrownBy(
            () -> alice.services().inNamespace(APP_NAMESPACE).withName("api").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"selector\":{\"app\":\"mine\"}}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

    alice.resources(Intercept.class).inNamespace(APP_NAMESPACE).withName("alice-api").delete();
    await("Service api given back").atMost(Duration.ofMinutes(1)).untilAsserted(ChartOnK3sTest::assertServiceIsItsOwn);
  }

  @Test
  @Order(3)
  void uninstallWithAnActiveInterceptGivesTheServiceBackAndLeavesNothing() throws Exception {
    interceptAsAlice("alice-api-again");

    Helm.uninstall(RenderedChart.RELEASE).withNamespace(SYSTEM).withKubeConfigContents(kubeconfig).call();

    assertServiceIsItsOwn();
    assertThat(admin.resources(Intercept.class).inAnyNamespace().list().getItems()).isEmpty();
    await("ktun objects collected")
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              assertThat(ktunObjects()).isEmpty();
              assertThat(admin.pods().inNamespace(SYSTEM).list().getItems()).extracting(p -> p.getMetadata().getName()).isEmpty();
            });
    // Kept on purpose (helm.sh/resource-policy: keep): the CRD, so no Intercept data is lost by an uninstall.
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(Intercept.CRD_NAME).get()).isNotNull();
  }

  /** Everything the release or the operator created, anywhere, except the kept CRD. */
  private static List<String> ktunObjects() {
    String release = "app.kubernetes.io/instance=" + RenderedChart.RELEASE;
    Stream<HasMetadata> released =
        Stream.of(
                admin.apps().deployments().inAnyNamespace().withLabelSelector(release).list().getItems(),
                admin.serviceAccounts().inAnyNamespace().withLabelSelector(release).list().getItems(),
                admin.batch().v1().jobs().inAnyNamespace().withLabelSelector(release).list().getItems(),
                admin.rbac().clusterRoles().withLabelSelector(release).list().getItems(),
                admin.rbac().clusterRoleBindings().withLabelSelector(release).list().getItems(),
                admin.rbac().roles().inAnyNamespace().withLabelSelector(release).list().getItems(),
                admin.rbac().roleBindings().inAnyNamespace().withLabelSelector(release).list().getItems())
            .flatMap(List::stream)
            .map(HasMetadata.class::cast);
    Stream<HasMetadata> operated =
        Stream.of(
                admin.apps().deployments().inAnyNamespace().withLabelSelector(KtunLabels.MANAGED_SELECTOR).list().getItems(),
                admin.configMaps().inAnyNamespace().withLabelSelector(KtunLabels.MANAGED_SELECTOR).list().getItems(),
                admin.services().inAnyNamespace().withLabelSelector(KtunLabels.MANAGED_SELECTOR).list().getItems(),
                admin.pods().inAnyNamespace().withLabel(KtunLabels.NAME, KtunLabels.PROXY).list().getItems())
            .flatMap(List::stream)
            .map(HasMetadata.class::cast);
    // Not listed: the leader election Lease ktun-operator, which the operator creates and nothing deletes (it goes
    // with the release namespace); and the CRD, kept on purpose.
    return Stream.of(released, operated).flatMap(s -> s).map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()).toList();
  }

  private static String annotationPatch(String key, String value) {
    return "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}";
  }
}
