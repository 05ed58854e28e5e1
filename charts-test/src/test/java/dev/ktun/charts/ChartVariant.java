package dev.ktun.charts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of values the chart is rendered with, as `--set` pairs. The variants every rendering test runs against are
 * the ones an admin meaningfully chooses between: defaults, high availability, own images, own RBAC.
 */
record ChartVariant(String name, Map<String, Object> values) {

  static final ChartVariant DEFAULTS = new ChartVariant("defaults", Map.of());
  static final ChartVariant TWO_REPLICAS = new ChartVariant("2 replicas", Map.of("replicas", 2));
  static final ChartVariant CUSTOM_IMAGES =
      new ChartVariant(
          "custom images",
          ordered(
              "image.repository", "registry.example.com/ktun/operator",
              "image.tag", "1.2.3",
              "image.pullPolicy", "Always",
              "proxy.image.repository", "registry.example.com/ktun/proxy",
              "proxy.image.tag", "1.2.4",
              "hooks.image.repository", "registry.example.com/tools/kubectl",
              "hooks.image.tag", "9.9.9"));
  static final ChartVariant RBAC_OFF = new ChartVariant("RBAC off", Map.of("rbac.create", false));

  static List<ChartVariant> all() {
    return List.of(DEFAULTS, TWO_REPLICAS, CUSTOM_IMAGES, RBAC_OFF);
  }

  ChartVariant with(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(values);
    more.put(key, value);
    return new ChartVariant(name + ", " + key + "=" + value, more);
  }

  @Override
  public String toString() {
    return name;
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }
}
