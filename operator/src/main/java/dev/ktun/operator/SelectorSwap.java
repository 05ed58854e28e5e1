package dev.ktun.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repoints a user's Service to the proxy and back. The Service belongs to the user (and often to Helm or GitOps):
 * ktun changes nothing but {@code spec.selector} and its own annotation, with JSON Patches whose {@code test}
 * operations make every write conditional on the Service still looking the way ktun last saw it.
 */
final class SelectorSwap {

  /** What a swap did to the Service. */
  enum Outcome {
    /** The Service already was as wanted: nothing written. */
    UNCHANGED,
    /** ktun wrote the Service. */
    WRITTEN,
    /**
     * The Service changed after ktun read it, so the guard refused the write and nothing was written. Not an error:
     * the decision was taken from an old picture and must be taken again from the new one.
     */
    STALE
  }

  private static final Logger log = LoggerFactory.getLogger(SelectorSwap.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANNOTATION_PATH =
      "/metadata/annotations/" + KtunAnnotations.ORIGINAL_SELECTOR.replace("~", "~0").replace("/", "~1");
  /** What the API server answers when a JSON Patch {@code test} operation fails. */
  private static final int GUARD_FAILED = 422;

  private final KubernetesClient client;
  private final BiConsumer<Service, Service> written;

  /**
   * @param written told of every write, with the Service as read and as written: the informer learns of it only
   *     later, and until then a reconciliation must see what ktun wrote, not what was there before
   */
  SelectorSwap(KubernetesClient client, BiConsumer<Service, Service> written) {
    this.client = client;
    this.written = written;
  }

  /** Whether the Service currently sends its traffic to ktun's proxy. */
  static boolean pointsToProxy(Service service) {
    return KtunLabels.proxyPod(service.getMetadata().getName()).equals(selector(service));
  }

  /** The selector ktun recorded before repointing the Service, if it did. */
  static Optional<Map<String, String>> recordedOriginal(Service service) {
    String json = service.getMetadata().getAnnotations().get(KtunAnnotations.ORIGINAL_SELECTOR);
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Service '%s' has an unreadable %s annotation: %s"
              .formatted(service.getMetadata().getName(), KtunAnnotations.ORIGINAL_SELECTOR, json),
          e);
    }
  }

  static Map<String, String> selector(Service service) {
    return service.getSpec().getSelector() == null ? Map.of() : service.getSpec().getSelector();
  }

  /** Points the Service to the proxy, recording its selector; does nothing if it already points there. */
  Outcome repoint(Service service) {
    if (pointsToProxy(service)) {
      return Outcome.UNCHANGED;
    }
    ArrayNode patch = JSON.createArrayNode();
    patch.add(op("test", "/spec/selector").set("value", JSON.valueToTree(selector(service))));
    if (service.getMetadata().getAnnotations().isEmpty()) {
      patch.add(op("add", "/metadata/annotations").set("value", JSON.createObjectNode()));
    }
    patch.add(op("add", ANNOTATION_PATH).put("value", asJson(selector(service))));
    patch.add(op("replace", "/spec/selector").set("value", JSON.valueToTree(KtunLabels.proxyPod(name(service)))));
    Outcome outcome = apply(service, patch);
    if (outcome == Outcome.WRITTEN) {
      log.info("Service {}/{} now points to the ktun proxy", namespace(service), name(service));
    }
    return outcome;
  }

  /**
   * Gives the Service back: the recorded selector if the Service still points to the proxy; otherwise someone
   * else has set a selector since, which is kept, and only ktun's annotation is removed.
   */
  Outcome restore(Service service) {
    Optional<Map<String, String>> original = recordedOriginal(service);
    if (original.isEmpty()) {
      return Outcome.UNCHANGED;
    }
    boolean ours = pointsToProxy(service);
    ArrayNode patch = JSON.createArrayNode();
    patch.add(op("test", ANNOTATION_PATH).put("value", service.getMetadata().getAnnotations().get(KtunAnnotations.ORIGINAL_SELECTOR)));
    if (ours) {
      patch.add(op("test", "/spec/selector").set("value", JSON.valueToTree(selector(service))));
      patch.add(op("replace", "/spec/selector").set("value", JSON.valueToTree(original.get())));
    }
    patch.add(op("remove", ANNOTATION_PATH));
    Outcome outcome = apply(service, patch);
    if (outcome == Outcome.WRITTEN && ours) {
      log.info("Restored the selector of Service {}/{} to {}", namespace(service), name(service), original.get());
    } else if (outcome == Outcome.WRITTEN) {
      log.info(
          "Service {}/{} was repointed by someone else to {}; left it, removed only ktun's annotation",
          namespace(service),
          name(service),
          selector(service));
    }
    return outcome;
  }

  private Outcome apply(Service service, ArrayNode patch) {
    try {
      Service patched =
          client.services().inNamespace(namespace(service)).withName(name(service)).patch(PatchContext.of(PatchType.JSON), patch.toString());
      written.accept(service, patched);
      return Outcome.WRITTEN;
    } catch (KubernetesClientException e) {
      if ((e.getCode() == GUARD_FAILED || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) && changedSince(service)) {
        log.info("Service {}/{} changed since ktun read it; ktun wrote nothing and decides again", namespace(service), name(service));
        return Outcome.STALE;
      }
      throw e;
    }
  }

  /** Whether the Service is no longer the version ktun read: the one refusal of a write that is not an error. */
  private boolean changedSince(Service read) {
    Service current = client.services().inNamespace(namespace(read)).withName(name(read)).get();
    return current == null || !Objects.equals(current.getMetadata().getResourceVersion(), read.getMetadata().getResourceVersion());
  }

  private static ObjectNode op(String op, String path) {
    return JSON.createObjectNode().put("op", op).put("path", path);
  }

  private static String asJson(Map<String, String> selector) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(selector));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  private static String name(Service service) {
    return service.getMetadata().getName();
  }

  private static String namespace(Service service) {
    return service.getMetadata().getNamespace();
  }
}
