package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** values.schema.json stops a wrong value before anything reaches the cluster. */
class ValuesSchemaTest {

  private static void renders(Map<String, Object> values) {
    RenderedChart.template(RenderedChart.CHART, values);
  }

  @Test
  void replicasMustBeANumber() {
    assertThatThrownBy(() -> renders(Map.of("replicas", "two"))).hasMessageContaining("replicas");
  }

  @Test
  void aMisspelledKeyIsRefused() {
    assertThatThrownBy(() -> renders(Map.of("replica", 2))).hasMessageContaining("replica");
  }

  @Test
  void pullPolicyMustBeOneKubernetesKnows() {
    assertThatThrownBy(() -> renders(Map.of("image.pullPolicy", "Sometimes"))).hasMessageContaining("pullPolicy");
  }

  @Test
  void hookImageNeedsATag() {
    assertThatThrownBy(() -> renders(Map.of("hooks.image.tag", ""))).hasMessageContaining("tag");
  }

  @Test
  void tunnelPortMustBeAPort() {
    assertThatThrownBy(() -> renders(Map.of("proxy.tunnelPort", 70000))).hasMessageContaining("tunnelPort");
  }

  @Test
  void validValuesOfEveryTypeAreAccepted() {
    assertThatCode(
            () ->
                renders(
                    Map.of(
                        "replicas", 3,
                        "operator.serverSideApply", false,
                        "imagePullSecrets[0]", "registry-credentials",
                        "nodeSelector.kubernetes\\.io/os", "linux",
                        "operator.extraEnv[0].name", "JAVA_TOOL_OPTIONS",
                        "operator.extraEnv[0].value", "-Xss512k")))
        .doesNotThrowAnyException();
  }
}
