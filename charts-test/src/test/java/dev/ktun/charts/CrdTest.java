package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.api.Connect;
import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart installs the Intercept and Connect CRDs the api module generates, and upgrades them with the chart. */
class CrdTest {

  private static final String KEEP = "helm.sh/resource-policy";

  private static CustomResourceDefinition generated(String crd) throws IOException {
    try (InputStream in = Intercept.class.getResourceAsStream("/META-INF/fabric8/" + crd + "-v1.yml")) {
      assertThat(in).as("the api jar carries the generated CRD").isNotNull();
      return RenderedChart.SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static CustomResourceDefinition rendered(ChartVariant variant, String crd) {
    return RenderedChart.of(variant).one(CustomResourceDefinition.class, crd);
  }

  @ParameterizedTest
  @ValueSource(strings = {Intercept.CRD_NAME, Connect.CRD_NAME})
  void chartInstallsTheCrdTheApiModuleGenerates(String crd) throws IOException {
    CustomResourceDefinition generated = generated(crd);
    CustomResourceDefinition rendered = rendered(ChartVariant.DEFAULTS, crd);

    assertThat(rendered.getMetadata().getName()).isEqualTo(generated.getMetadata().getName());
    assertThat(rendered.getSpec()).isEqualTo(generated.getSpec());
  }

  @ParameterizedTest
  @ValueSource(strings = {Intercept.CRD_NAME, Connect.CRD_NAME})
  void crdIsAReleaseObjectSoUpgradesApplyIt(String crd) {
    assertThat(RenderedChart.of(ChartVariant.DEFAULTS).release()).contains(rendered(ChartVariant.DEFAULTS, crd));
    // Helm installs crds/ once and never upgrades it: the CRD must not live there.
    assertThat(Files.exists(RenderedChart.CHART.resolve("crds"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {Intercept.CRD_NAME, Connect.CRD_NAME})
  void crdOutlivesUninstallByDefault(String crd) {
    assertThat(rendered(ChartVariant.DEFAULTS, crd).getMetadata().getAnnotations()).containsEntry(KEEP, "keep");
  }

  @ParameterizedTest
  @ValueSource(strings = {Intercept.CRD_NAME, Connect.CRD_NAME})
  void crdCanBeUninstalledWithTheChart(String crd) {
    assertThat(rendered(ChartVariant.DEFAULTS.with("crds.keep", false), crd).getMetadata().getAnnotations()).doesNotContainKey(KEEP);
  }

  @Test
  void crdsCanBeLeftToTheAdmin() {
    assertThat(RenderedChart.of(ChartVariant.DEFAULTS.with("crds.enabled", false)).all(CustomResourceDefinition.class)).isEmpty();
  }
}
