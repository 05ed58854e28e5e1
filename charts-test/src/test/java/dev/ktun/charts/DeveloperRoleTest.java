package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** `ktun-developer`: what the CLI needs to intercept in a namespace, and nothing more. */
class DeveloperRoleTest {

  private static final String EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
  private static final String ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";

  private static ClusterRole developerRole(ChartVariant variant) {
    return RenderedChart.of(variant).one(ClusterRole.class, "ktun-developer");
  }

  @Test
  void developerRoleGrantsExactlyWhatTheCliNeeds() {
    assertThat(Grants.of(developerRole(ChartVariant.DEFAULTS).getRules()))
        .containsExactlyElementsOf(Grants.golden("developer-clusterrole.yaml"));
  }

  @Test
  void developersCannotChangeServicesTheirEndpointsWorkloadsOrStatus() {
    Set<String> grants = Grants.of(developerRole(ChartVariant.DEFAULTS).getRules());

    for (String verb : new String[] {"create", "update", "patch", "delete", "deletecollection"}) {
      assertThat(grants)
          .doesNotContain(verb + " core/services", verb + " core/pods", verb + " apps/deployments", verb + " core/configmaps", verb + " core/secrets")
          .doesNotContain(verb + " ktun.dev/intercepts/status", verb + " ktun.dev/connects/status")
          .doesNotContain(verb + " discovery.k8s.io/endpointslices", verb + " core/endpoints");
    }
  }

  @Test
  void developersCannotListSecrets() {
    assertThat(Grants.of(developerRole(ChartVariant.DEFAULTS).getRules())).doesNotContain("list core/secrets", "watch core/secrets");
  }

  @Test
  void readingSecretsCanBeTurnedOff() {
    Set<String> grants = Grants.of(developerRole(ChartVariant.DEFAULTS.with("rbac.developer.readSecrets", false)).getRules());

    assertThat(grants).doesNotContain("get core/secrets").contains("get core/configmaps");
  }

  @Test
  void developerRoleJoinsTheBuiltInEditAndAdminRoles() {
    assertThat(developerRole(ChartVariant.DEFAULTS).getMetadata().getLabels()).containsEntry(EDIT, "true").containsEntry(ADMIN, "true");
  }

  @Test
  void aggregationCanBeTurnedOff() {
    assertThat(developerRole(ChartVariant.DEFAULTS.with("rbac.developer.aggregateToEdit", false)).getMetadata().getLabels())
        .doesNotContainKeys(EDIT, ADMIN);
  }

  @Test
  void developerRoleCanBeLeftOut() {
    assertThat(RenderedChart.of(ChartVariant.DEFAULTS.with("rbac.developer.create", false)).all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain("ktun-developer")
        .contains("ktun-operator");
  }
}
