package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The chart installs the Intercept CRD the api module generates, and upgrades it with the chart. */
class CrdTest {

  private static final String KEEP = "helm.sh/resource-policy";

  private static CustomResourceDefinition generated() throws IOException {
    try (InputStream in = Intercept.class.getResourceAsStream("/META-INF/fabric8/intercepts.ktun.dev-v1.yml")) {
      assertThat(in).as("the api jar carries the generated CRD").isNotNull();
      return RenderedChart.SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static CustomResourceDefinition rendered(ChartVariant variant) {
    return RenderedChart.of(variant).one(CustomResourceDefinition.class, Intercept.CRD_NAME);
  }

  @Test
  void chartInstallsTheCrdTheApiModuleGenerates() throws IOException {
    CustomResourceDefinition generated = generated();
    CustomResourceDefinition rendered = rendered(ChartVariant.DEFAULTS);

    assertThat(rendered.getMetadata().getName()).isEqualTo(generated.getMetadata().getName());
    assertThat(rendered.getSpec()).isEqualTo(generated.getSpec());
  }

  @Test
  void crdIsAReleaseObjectSoUpgradesApplyIt() {
    assertThat(RenderedChart.of(ChartVariant.DEFAULTS).release()).contains(rendered(ChartVariant.DEFAULTS));
    // Helm installs crds/ once and never upgrades it: the CRD must not live there.
    assertThat(Files.exists(RenderedChart.CHART.resolve("crds"))).isFalse();
  }

  @Test
  void crdOutlivesUninstallByDefault() {
    assertThat(rendered(ChartVariant.DEFAULTS).getMetadata().getAnnotations()).containsEntry(KEEP, "keep");
  }

  @Test
  void crdCanBeUninstalledWithTheChart() {
    assertThat(rendered(ChartVariant.DEFAULTS.with("crds.keep", false)).getMetadata().getAnnotations()).doesNotContainKey(KEEP);
  }

  @Test
  void crdCanBeLeftToTheAdmin() {
    assertThat(RenderedChart.of(ChartVariant.DEFAULTS.with("crds.enabled", false)).all(CustomResourceDefinition.class)).isEmpty();
  }
}
