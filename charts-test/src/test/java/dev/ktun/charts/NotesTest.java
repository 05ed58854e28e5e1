package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import org.junit.jupiter.api.Test;

/**
 * What `helm install` prints. helm-java's template does not render NOTES.txt; a client-only dry-run install does,
 * without a cluster (clientOnly: no kubeconfig is read, nothing is contacted).
 */
class NotesTest {

  private static String notes(ChartVariant variant) {
    InstallCommand install =
        new Helm(RenderedChart.CHART)
            .install()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .withKubeVersion(RenderedChart.KUBE_VERSION)
            .clientOnly()
            .dryRun();
    variant.values().forEach(install::set);
    String output = install.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }

  @Test
  void notesTellHowToGrantADeveloperAndIntercept() {
    String notes = notes(ChartVariant.DEFAULTS);

    assertThat(notes)
        .contains("kubectl -n shop create rolebinding ktun-developer-alice --clusterrole=ktun-developer --user=alice")
        .contains("./ktun intercept svc/api -n shop --port 8080")
        .contains("helm test ktun -n ktun-system");
  }

  @Test
  void withoutRbacNotesSayTheRolesAreTheAdminsJob() {
    assertThat(notes(ChartVariant.RBAC_OFF)).doesNotContain("--clusterrole=ktun-developer").contains("docs/install.md");
  }
}
