package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OperatorDeploymentTest {

  private static final Path OPERATOR_SOURCES = ChartFiles.repository("operator/src/main/java/dev/ktun/operator");

  private static Deployment operator(ChartVariant variant) {
    return RenderedChart.of(variant).one(Deployment.class, "ktun-operator");
  }

  private static Container container(ChartVariant variant) {
    return operator(variant).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, EnvVar> env(ChartVariant variant) {
    return container(variant).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  private static String envValue(ChartVariant variant, String name) {
    return Optional.ofNullable(env(variant).get(name)).map(EnvVar::getValue).orElseThrow(() -> new AssertionError("no env " + name));
  }

  @Test
  void imagesDefaultToTheChartsAppVersion() {
    String appVersion = ChartFiles.appVersion();

    assertThat(container(ChartVariant.DEFAULTS).getImage()).isEqualTo("ghcr.io/ktun-dev/ktun-operator:" + appVersion);
    assertThat(envValue(ChartVariant.DEFAULTS, "KTUN_PROXY_IMAGE")).isEqualTo("ghcr.io/ktun-dev/ktun-proxy:" + appVersion);
  }

  @Test
  void customImagesReachTheOperatorAndTheProxies() {
    assertThat(container(ChartVariant.CUSTOM_IMAGES).getImage()).isEqualTo("registry.example.com/ktun/operator:1.2.3");
    assertThat(container(ChartVariant.CUSTOM_IMAGES).getImagePullPolicy()).isEqualTo("Always");
    assertThat(envValue(ChartVariant.CUSTOM_IMAGES, "KTUN_PROXY_IMAGE")).isEqualTo("registry.example.com/ktun/proxy:1.2.4");
  }

  @Test
  void proxyPullPolicyAndNoPullSecretsByDefault() {
    assertThat(envValue(ChartVariant.DEFAULTS, "KTUN_PROXY_IMAGE_PULL_POLICY")).isEqualTo("IfNotPresent");
    assertThat(envValue(ChartVariant.DEFAULTS, "KTUN_PROXY_IMAGE_PULL_SECRETS")).isEmpty();
  }

  @Test
  void replicasComeFromValues() {
    assertThat(operator(ChartVariant.DEFAULTS).getSpec().getReplicas()).isEqualTo(1);
    assertThat(operator(ChartVariant.TWO_REPLICAS).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void everyReplicaKnowsItsPodForLeaderElection() {
    Map<String, EnvVar> env = env(ChartVariant.TWO_REPLICAS);

    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
  }

  @Test
  void operatorSettingsComeFromValues() {
    ChartVariant tuned =
        ChartVariant.DEFAULTS.with("proxy.tunnelPort", 7400).with("operator.serverSideApply", false).with("operator.leaseCheckSeconds", 3);

    assertThat(envValue(tuned, "KTUN_TUNNEL_PORT")).isEqualTo("7400");
    assertThat(envValue(tuned, "KTUN_SERVER_SIDE_APPLY")).isEqualTo("false");
    assertThat(envValue(tuned, "KTUN_LEASE_CHECK_SECONDS")).isEqualTo("3");
  }

  @Test
  void everyVariableTheChartSetsIsOneTheOperatorReads() throws IOException {
    String operatorCode = Files.readString(OPERATOR_SOURCES.resolve("OperatorSettings.java")) + Files.readString(OPERATOR_SOURCES.resolve("OperatorMain.java"));

    assertThat(env(ChartVariant.DEFAULTS).keySet()).allSatisfy(name -> assertThat(operatorCode).contains('"' + name + '"'));
  }

  @Test
  void probesAskTheOperatorOnTheHealthPortItListensOn() {
    ChartVariant otherPort = ChartVariant.DEFAULTS.with("operator.healthPort", 9090);
    Container container = container(otherPort);

    assertThat(envValue(otherPort, "KTUN_HEALTH_PORT")).isEqualTo("9090");
    assertThat(container.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("health");
      assertThat(p.getContainerPort()).isEqualTo(9090);
    });
    assertThat(probe(container.getStartupProbe().getHttpGet())).isEqualTo("health/startup");
    assertThat(probe(container.getLivenessProbe().getHttpGet())).isEqualTo("health/healthz");
    assertThat(probe(container.getReadinessProbe().getHttpGet())).isEqualTo("health/healthz");
  }

  private static String probe(HTTPGetAction get) {
    IntOrString port = get.getPort();
    return (port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal())) + get.getPath();
  }

  @Test
  void operatorRequestsResourcesAndHasAMemoryLimit() {
    Map<String, Quantity> requests = container(ChartVariant.DEFAULTS).getResources().getRequests();
    Map<String, Quantity> limits = container(ChartVariant.DEFAULTS).getResources().getLimits();

    assertThat(requests).containsKeys("cpu", "memory");
    assertThat(limits).containsKey("memory");
  }

  @Test
  void operatorRunsAsItsOwnServiceAccount() {
    assertThat(operator(ChartVariant.DEFAULTS).getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("ktun-operator");
    assertThat(operator(ChartVariant.DEFAULTS.with("serviceAccount.create", false).with("serviceAccount.name", "mine")).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("mine");
  }

  @Test
  void pullSecretsReachEveryPodTheChartRuns() {
    RenderedChart chart = RenderedChart.of(ChartVariant.DEFAULTS.with("imagePullSecrets[0]", "registry-credentials"));

    assertThat(chart.podSpecs().values())
        .hasSize(3)
        .allSatisfy(pod -> assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry-credentials"));
  }

  @Test
  void jvmGetsAWritableTmpOnTheReadOnlyRootFilesystem() {
    assertThat(container(ChartVariant.DEFAULTS).getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }
}
