package dev.ktun.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The chart as `helm template` renders it, every object parsed with the fabric8 model. Rendered offline: helm-java's
 * template command has no kubeconfig and contacts no cluster. Each variant is rendered once per test run.
 *
 * <p>helm-java's template returns only the release manifest: hooks and test pods are left out (the helm CLI prints
 * them from the release's hooks, helm-java does not). So the chart is also rendered from a copy whose hook
 * annotations are renamed, which helm then treats as ordinary objects; the names are put back when parsing. The
 * objects of that rendering that are missing from the release manifest are the hooks, exactly as helm classifies
 * them.
 */
final class RenderedChart {

  static final Path CHART = Path.of(System.getProperty("ktun.chart.dir", "../charts/ktun")).toAbsolutePath().normalize();
  static final String RELEASE = "ktun";
  static final String NAMESPACE = "ktun-system";
  /** helm-java renders for Kubernetes 1.20 unless told otherwise, which the chart's kubeVersion refuses. */
  static final String KUBE_VERSION = "1.33.0";

  private static final String HOOK_ANNOTATION = "helm.sh/hook";
  private static final String DISGUISED_HOOK_ANNOTATION = "hook.charts-test.ktun.dev/hook";
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<Map<String, Object>, RenderedChart> RENDERED = new ConcurrentHashMap<>();
  private static Path chartWithVisibleHooks;

  private final List<HasMetadata> release;
  private final List<HasMetadata> hooks;

  private RenderedChart(List<HasMetadata> release, List<HasMetadata> hooks) {
    this.release = release;
    this.hooks = hooks;
  }

  static RenderedChart of(ChartVariant variant) {
    return RENDERED.computeIfAbsent(variant.values(), RenderedChart::render);
  }

  /** Renders without the cache; throws what helm reports (schema violations, template errors). */
  static RenderedChart render(Map<String, Object> values) {
    List<HasMetadata> release = parse(template(CHART, values));
    Set<String> inRelease = release.stream().map(RenderedChart::key).collect(Collectors.toSet());
    List<HasMetadata> hooks =
        parse(template(chartWithVisibleHooks(), values).replace(DISGUISED_HOOK_ANNOTATION, HOOK_ANNOTATION)).stream()
            .filter(o -> !inRelease.contains(key(o)))
            .toList();
    return new RenderedChart(release, hooks);
  }

  static String template(Path chart, Map<String, Object> values) {
    TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return template.call();
  }

  /** What `helm install` applies as the release (no hooks, no test pods). */
  List<HasMetadata> release() {
    return release;
  }

  /** The hooks and test objects, created only when their hook fires. */
  List<HasMetadata> hooks() {
    return hooks;
  }

  List<HasMetadata> objects() {
    return Stream.concat(release.stream(), hooks.stream()).toList();
  }

  <T extends KubernetesResource> List<T> all(Class<T> type) {
    return objects().stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> named = all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + ", found " + named.size());
    }
    return named.get(0);
  }

  /** Every pod the chart would run, by "Kind/name": the operator's, the hook Job's, the test pod's. */
  Map<String, PodSpec> podSpecs() {
    Map<String, PodSpec> specs = new LinkedHashMap<>();
    all(Deployment.class).forEach(d -> specs.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
    all(Job.class).forEach(j -> specs.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
    all(Pod.class).forEach(p -> specs.put("Pod/" + p.getMetadata().getName(), p.getSpec()));
    return specs;
  }

  static List<HasMetadata> parse(String manifest) {
    Object parsed = SERIALIZATION.unmarshal(manifest);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      list.stream().filter(Objects::nonNull).forEach(o -> objects.add((HasMetadata) o));
    } else if (parsed instanceof HasMetadata one) {
      objects.add(one);
    }
    return List.copyOf(objects);
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  /** A copy of the chart (under target/) in which helm sees no hook annotation. */
  private static synchronized Path chartWithVisibleHooks() {
    if (chartWithVisibleHooks == null) {
      chartWithVisibleHooks = ChartCopy.of(CHART, "visible-hooks", text -> text.replace(HOOK_ANNOTATION, DISGUISED_HOOK_ANNOTATION));
    }
    return chartWithVisibleHooks;
  }
}
