package dev.ktun.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's values table and values.yaml describe the same keys. */
class ReadmeValuesTest {

  /** A table row whose first cell is a key in backquotes: | `rbac.create` | ... */
  private static final Pattern TABLE_KEY = Pattern.compile("(?m)^\\|\\s*`([A-Za-z0-9_.\\[\\]-]+)`\\s*\\|");

  /** Maps whose content is free (resources, security contexts): documented as one key. */
  private static final Set<String> FREE_FORM = Set.of("resources", "hooks.resources", "podSecurityContext", "securityContext");

  /** Every key of values.yaml down to the values (maps that are empty by default are keys themselves). */
  private static Set<String> valuesKeys() {
    Set<String> keys = new TreeSet<>();
    collect("", ChartFiles.valuesYaml(), keys);
    return keys;
  }

  private static void collect(String prefix, JsonNode node, Set<String> keys) {
    if (!node.isObject() || node.isEmpty() || FREE_FORM.contains(prefix)) {
      keys.add(prefix);
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      collect(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), keys);
    }
  }


  private static Set<String> readmeKeys() {
    Set<String> keys = new TreeSet<>();
    Matcher m = TABLE_KEY.matcher(ChartFiles.text("README.md"));
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  @Test
  void readmeDescribesEveryValue() {
    assertThat(readmeKeys()).containsAll(valuesKeys());
  }

  @Test
  void readmeDescribesNoValueThatDoesNotExist() {
    assertThat(valuesKeys()).containsAll(readmeKeys());
  }
}
