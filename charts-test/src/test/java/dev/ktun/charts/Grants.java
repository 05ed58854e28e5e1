package dev.ktun.charts;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a set of RBAC rules allows, one string per (apiGroup, resource, resourceName, verb): rules written
 * differently but granting the same compare equal, and a difference reads as the permissions gained or lost.
 */
final class Grants {

  static Set<String> of(List<PolicyRule> rules) {
    Set<String> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? List.of("") : rule.getResourceNames();
      for (String group : nonNull(rule.getApiGroups())) {
        for (String resource : nonNull(rule.getResources())) {
          for (String name : names) {
            for (String verb : nonNull(rule.getVerbs())) {
              grants.add(verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + (name.isEmpty() ? "" : "[" + name + "]"));
            }
          }
        }
      }
      nonNull(rule.getNonResourceURLs()).forEach(url -> nonNull(rule.getVerbs()).forEach(verb -> grants.add(verb + " " + url)));
    }
    return grants;
  }

  static Set<String> golden(String resource) {
    try (InputStream in = Grants.class.getResourceAsStream("/golden/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("no golden file " + resource);
      }
      return of(RenderedChart.SERIALIZATION.unmarshal(in, ClusterRole.class).getRules());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether any rule names "*" as group, resource, verb or resource name. */
  static boolean hasWildcard(List<PolicyRule> rules) {
    return rules.stream()
        .anyMatch(
            r ->
                nonNull(r.getApiGroups()).contains("*")
                    || nonNull(r.getResources()).stream().anyMatch(s -> s.contains("*"))
                    || nonNull(r.getVerbs()).contains("*")
                    || nonNull(r.getResourceNames()).contains("*")
                    || nonNull(r.getNonResourceURLs()).stream().anyMatch(s -> s.contains("*")));
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list;
  }

  private Grants() {}
}
