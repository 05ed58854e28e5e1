package dev.ktun.operator;

import dev.ktun.api.Intercept;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run once when this operator becomes the leader, before it reconciles: gives back every Service that carries
 * ktun's annotation although no Intercept names it any more (its Intercept vanished while no operator ran, for
 * example with a removed finalizer), then deletes ktun objects left for such Services. Services and objects of
 * any existing Intercept are left to the reconciler.
 */
final class OrphanSweep {

  private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

  private final KubernetesClient client;

  OrphanSweep(KubernetesClient client) {
    this.client = client;
  }

  void run() {
    Set<String> intercepted =
        client.resources(Intercept.class).inAnyNamespace().list().getItems().stream()
            .map(i -> key(i.getMetadata().getNamespace(), i.serviceName()))
            .collect(Collectors.toSet());
    // Before the operator starts no informer holds Services: there is no cache to tell of the writes.
    SelectorSwap swap = new SelectorSwap(client, (read, written) -> {});
    client.services().inAnyNamespace().list().getItems().stream()
        .filter(s -> s.getMetadata().getAnnotations().containsKey(KtunAnnotations.ORIGINAL_SELECTOR))
        .filter(s -> !intercepted.contains(key(s.getMetadata().getNamespace(), s.getMetadata().getName())))
        .forEach(
            s -> {
              log.info("Service {}/{} is annotated by ktun but no Intercept names it; giving it back", s.getMetadata().getNamespace(), s.getMetadata().getName());
              swap.restore(s);
            });
    managedObjects()
        .filter(o -> !intercepted.contains(key(o.getMetadata().getNamespace(), o.getMetadata().getLabels().get(KtunLabels.SERVICE))))
        .forEach(
            o -> {
              log.info("Deleting {} {}/{}: no Intercept needs it", o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName());
              client.resource(o).delete();
            });
  }

  /**
   * The objects ktun made for intercepted Services, Deployment first: the proxy goes before what it routes to. Not a
   * Connect's proxy (no Service label): the Connect alone owns it, and the garbage collector removes it with the Connect.
   */
  private Stream<HasMetadata> managedObjects() {
    List<? extends HasMetadata> deployments =
        client.apps().deployments().inAnyNamespace().withLabel(KtunLabels.MANAGED_BY, KtunLabels.MANAGER).withLabel(KtunLabels.SERVICE).list().getItems();
    List<? extends HasMetadata> configMaps =
        client.configMaps().inAnyNamespace().withLabel(KtunLabels.MANAGED_BY, KtunLabels.MANAGER).withLabel(KtunLabels.SERVICE).list().getItems();
    List<Service> services =
        client.services().inAnyNamespace().withLabel(KtunLabels.MANAGED_BY, KtunLabels.MANAGER).withLabel(KtunLabels.SERVICE).list().getItems();
    return Stream.of(deployments, configMaps, services).flatMap(List::stream);
  }

  private static String key(String namespace, String service) {
    return namespace + "/" + service;
  }
}
