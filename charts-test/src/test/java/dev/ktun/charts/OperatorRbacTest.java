package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OperatorRbacTest {

  private final RenderedChart chart = RenderedChart.of(ChartVariant.DEFAULTS);

  @Test
  void operatorClusterRoleGrantsExactlyTheReviewedRules() {
    ClusterRole role = chart.one(ClusterRole.class, "ktun-operator");

    assertThat(Grants.of(role.getRules())).containsExactlyElementsOf(Grants.golden("operator-clusterrole.yaml"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"intercepts/status", "connects/status"})
  void statusIsGrantedInItsOwnRule(String status) {
    List<PolicyRule> rules = chart.one(ClusterRole.class, "ktun-operator").getRules();

    assertThat(rules)
        .filteredOn(r -> r.getResources().contains(status))
        .singleElement()
        .satisfies(r -> assertThat(r.getResources()).containsExactly(status));
  }

  static Stream<ChartVariant> variants() {
    return ChartVariant.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void noRoleInTheChartUsesAWildcard(ChartVariant variant) {
    RenderedChart rendered = RenderedChart.of(variant);
    Stream<List<PolicyRule>> rules =
        Stream.concat(rendered.all(ClusterRole.class).stream().map(ClusterRole::getRules), rendered.all(Role.class).stream().map(Role::getRules));

    assertThat(rules).noneMatch(Grants::hasWildcard);
  }

  @Test
  void leaderElectionMayWriteOnlyTheOperatorsLeaseInItsNamespace() {
    Role role = chart.one(Role.class, "ktun-operator-leader-election");

    assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(Grants.of(role.getRules()))
        .containsExactlyInAnyOrder(
            "create coordination.k8s.io/leases", "get coordination.k8s.io/leases[ktun-operator]", "update coordination.k8s.io/leases[ktun-operator]");
  }

  @Test
  void operatorRolesAreBoundToTheOperatorsServiceAccount() {
    Subject operator = new Subject(null, "ServiceAccount", "ktun-operator", RenderedChart.NAMESPACE);

    assertThat(chart.one(ClusterRoleBinding.class, "ktun-operator").getSubjects()).containsExactly(operator);
    assertThat(chart.one(ClusterRoleBinding.class, "ktun-operator").getRoleRef().getName()).isEqualTo("ktun-operator");
    assertThat(chart.one(RoleBinding.class, "ktun-operator-leader-election").getSubjects()).containsExactly(operator);
    assertThat(chart.one(RoleBinding.class, "ktun-operator-leader-election").getRoleRef().getName()).isEqualTo("ktun-operator-leader-election");
  }

  @Test
  void rbacOffRendersNoRoleAndNoBinding() {
    List<HasMetadata> objects = RenderedChart.of(ChartVariant.RBAC_OFF).objects();

    assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
  }

  @Test
  void rbacOffStillInstallsTheOperatorWithItsServiceAccount() {
    RenderedChart rbacOff = RenderedChart.of(ChartVariant.RBAC_OFF);

    assertThat(rbacOff.release()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .contains(
            "Deployment/ktun-operator",
            "ServiceAccount/ktun-operator",
            "CustomResourceDefinition/intercepts.ktun.dev",
            "CustomResourceDefinition/connects.ktun.dev");
  }
}
