package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pod the chart runs passes Pod Security "restricted" with a read-only root filesystem. */
class PodSecurityTest {

  static Stream<ChartVariant> variants() {
    return ChartVariant.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyPodTheChartRunsPassesPodSecurityRestricted(ChartVariant variant) {
    Map<String, PodSpec> pods = RenderedChart.of(variant).podSpecs();

    assertThat(pods).isNotEmpty();
    pods.forEach((pod, spec) -> assertThat(PodSecurityRestricted.violations(spec)).as(pod).isEmpty());
  }

  @Test
  void operatorHookAndTestPodAreAllChecked() {
    assertThat(RenderedChart.of(ChartVariant.DEFAULTS).podSpecs())
        .containsOnlyKeys("Deployment/ktun-operator", "Job/ktun-end-intercepts", "Pod/ktun-test");
  }

  /** A pod that passes; each case below breaks one rule of it. */
  private static PodSpecBuilder compliant() {
    return new PodSpecBuilder()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("app")
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume();
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        violation("privileged", p -> p.editFirstContainer().editSecurityContext().withPrivileged(true).endSecurityContext().endContainer(), "privileged"),
        violation("privilege escalation", p -> p.editFirstContainer().editSecurityContext().withAllowPrivilegeEscalation(null).endSecurityContext().endContainer(), "allowPrivilegeEscalation"),
        violation("root allowed", p -> p.editSecurityContext().withRunAsNonRoot(null).endSecurityContext(), "runAsNonRoot"),
        violation("UID 0", p -> p.editSecurityContext().withRunAsUser(0L).endSecurityContext(), "UID 0"),
        violation("no seccomp", p -> p.editSecurityContext().withSeccompProfile(null).endSecurityContext(), "seccompProfile"),
        violation("seccomp unconfined", p -> p.editSecurityContext().editSeccompProfile().withType("Unconfined").endSeccompProfile().endSecurityContext(), "seccompProfile"),
        violation("capabilities kept", p -> p.editFirstContainer().editSecurityContext().withCapabilities(null).endSecurityContext().endContainer(), "drop ALL"),
        violation("capability added", p -> p.editFirstContainer().editSecurityContext().editCapabilities().withAdd("NET_ADMIN").endCapabilities().endSecurityContext().endContainer(), "NET_ADMIN"),
        violation("host network", p -> p.withHostNetwork(true), "host namespace"),
        violation("host path", p -> p.addNewVolume().withName("root").withNewHostPath().withPath("/").endHostPath().endVolume(), "hostPath"),
        violation("host port", p -> p.editFirstContainer().addNewPort().withContainerPort(80).withHostPort(80).endPort().endContainer(), "host port"),
        violation("writable root", p -> p.editFirstContainer().editSecurityContext().withReadOnlyRootFilesystem(false).endSecurityContext().endContainer(), "readOnlyRootFilesystem"),
        violation("init container", p -> p.addNewInitContainer().withName("init").endInitContainer(), "container init"));
  }

  private static Arguments violation(String name, UnaryOperator<PodSpecBuilder> breakIt, String reported) {
    return Arguments.of(name, breakIt.apply(compliant()).build(), reported);
  }

  @Test
  void checkerAcceptsACompliantPod() {
    assertThat(PodSecurityRestricted.violations(compliant().build())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void checkerReportsEachBrokenRule(String rule, PodSpec pod, String reported) {
    assertThat(PodSecurityRestricted.violations(pod)).anySatisfy(v -> assertThat(v).contains(reported));
  }
}
