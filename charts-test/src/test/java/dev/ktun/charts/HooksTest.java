package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pre-delete hook that ends every Intercept and Connect before the operator goes, and the `helm test` pod. */
class HooksTest {

  private static final String HOOK = "helm.sh/hook";
  private static final String WEIGHT = "helm.sh/hook-weight";
  private static final String DELETE_POLICY = "helm.sh/hook-delete-policy";

  private final RenderedChart chart = RenderedChart.of(ChartVariant.DEFAULTS);

  private Job preDeleteJob() {
    return chart.one(Job.class, "ktun-end-intercepts");
  }

  private static Container onlyContainer(List<Container> containers) {
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElseThrow();
  }

  private static int weight(HasMetadata o) {
    return Integer.parseInt(o.getMetadata().getAnnotations().getOrDefault(WEIGHT, "0"));
  }

  @Test
  void endInterceptsJobRunsBeforeUninstallDeletesAnything() {
    assertThat(chart.hooks()).contains(preDeleteJob());
    assertThat(chart.release()).doesNotContain(preDeleteJob());
    assertThat(preDeleteJob().getMetadata().getAnnotations()).containsEntry(HOOK, "pre-delete");
  }

  @Test
  void endInterceptsJobIsBoundedInTime() {
    ChartVariant variant = ChartVariant.DEFAULTS.with("hooks.preDelete.timeoutSeconds", 45);
    Job job = RenderedChart.of(variant).one(Job.class, "ktun-end-intercepts");
    Container container = onlyContainer(job.getSpec().getTemplate().getSpec().getContainers());

    assertThat(env(container, "TIMEOUT_SECONDS")).isEqualTo("45");
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isGreaterThan(45L).isLessThanOrEqualTo(45L + 120);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
  }

  @Test
  void endInterceptsPermissionsExistBeforeTheJobAndOnlyDuringTheHook() {
    List<HasMetadata> hookObjects = chart.hooks().stream().filter(o -> o.getMetadata().getName().equals("ktun-end-intercepts")).toList();

    assertThat(hookObjects).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Job");
    assertThat(hookObjects).allSatisfy(o -> assertThat(o.getMetadata().getAnnotations()).containsEntry(HOOK, "pre-delete"));
    assertThat(hookObjects).filteredOn(o -> !(o instanceof Job)).allSatisfy(o -> assertThat(weight(o)).isLessThan(weight(preDeleteJob())));
  }

  @Test
  void endInterceptsMayOnlyListAndDeleteInterceptsAndConnectsAndListServices() {
    assertThat(Grants.of(chart.one(ClusterRole.class, "ktun-end-intercepts").getRules()))
        .containsExactlyInAnyOrder(
            "list ktun.dev/intercepts", "delete ktun.dev/intercepts", "list ktun.dev/connects", "delete ktun.dev/connects", "list core/services");
  }

  @Test
  void endInterceptsJobCanBeTurnedOff() {
    assertThat(RenderedChart.of(ChartVariant.DEFAULTS.with("hooks.preDelete.enabled", false)).hooks())
        .noneSatisfy(o -> assertThat(o.getMetadata().getAnnotations()).containsEntry(HOOK, "pre-delete"));
  }

  @Test
  void testPodIsAHelmTest() {
    Pod pod = chart.one(Pod.class, "ktun-test");

    assertThat(chart.hooks()).contains(pod);
    assertThat(pod.getMetadata().getAnnotations()).containsEntry(HOOK, "test");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void testPodMayOnlyReadWhatItChecks() {
    assertThat(Grants.of(chart.one(ClusterRole.class, "ktun-test").getRules()))
        .containsExactly("get apiextensions.k8s.io/customresourcedefinitions[intercepts.ktun.dev]");
    assertThat(Grants.of(chart.one(Role.class, "ktun-test").getRules()))
        .containsExactlyInAnyOrder(
            "get apps/deployments", "list apps/deployments", "watch apps/deployments", "get coordination.k8s.io/leases[ktun-operator]");
  }

  @Test
  void everyHookObjectIsDeletedOnceItsHookSucceedsAndBeforeItRunsAgain() {
    assertThat(chart.hooks()).isNotEmpty();
    assertThat(chart.hooks())
        .allSatisfy(
            o -> assertThat(o.getMetadata().getAnnotations())
                .as(o.getKind() + "/" + o.getMetadata().getName())
                .containsEntry(DELETE_POLICY, "before-hook-creation,hook-succeeded"));
  }

  @Test
  void hooksUseTheConfiguredImage() {
    RenderedChart custom = RenderedChart.of(ChartVariant.CUSTOM_IMAGES);
    Map<String, String> images =
        Map.of(
            "job", onlyContainer(custom.one(Job.class, "ktun-end-intercepts").getSpec().getTemplate().getSpec().getContainers()).getImage(),
            "test", onlyContainer(custom.one(Pod.class, "ktun-test").getSpec().getContainers()).getImage());

    assertThat(images.values()).containsOnly("registry.example.com/tools/kubectl:9.9.9");
  }
}
