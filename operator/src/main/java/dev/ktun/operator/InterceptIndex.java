package dev.ktun.operator;

import dev.ktun.api.Intercept;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Finds the Intercepts on a Service in the operator's cache of Intercepts. */
final class InterceptIndex {

  static final String BY_SERVICE = "by-service";

  static void register(IndexerResourceCache<Intercept> cache) {
    cache.addIndexer(BY_SERVICE, i -> List.of(key(i.getMetadata().getNamespace(), i.serviceName())));
  }

  static List<Intercept> intercepts(IndexedResourceCache<Intercept> cache, String namespace, String service) {
    return cache.byIndex(BY_SERVICE, key(namespace, service));
  }

  static Set<ResourceID> onService(IndexedResourceCache<Intercept> cache, String namespace, String service) {
    if (service == null) {
      return Set.of();
    }
    return intercepts(cache, namespace, service).stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  private static String key(String namespace, String service) {
    return namespace + "/" + service;
  }

  private InterceptIndex() {}
}
