package dev.ktun.operator;

import dev.ktun.api.Intercept;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunDefaults;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ktun-proxy-<service>} ConfigMap: the token hashes the proxy accepts, one per line, one per admitted
 * Intercept. Mounted as a volume that the proxy re-reads, so Intercepts come and go without restarting it.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector =
                KtunLabels.MANAGED_SELECTOR + "," + KtunLabels.COMPONENT + "=" + KtunLabels.COMPONENT_PROXY + "," + KtunLabels.SERVICE))
public class ProxyTokensDependent extends SharedDependent<ConfigMap> {

  public ProxyTokensDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected String name(String service) {
    return ProxyNames.proxy(service);
  }

  @Override
  protected ConfigMap desired(ServiceScene scene) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(scene.serviceName()))
        .withNamespace(scene.namespace())
        .withLabels(KtunLabels.managed(scene.serviceName(), KtunLabels.COMPONENT_PROXY))
        .endMetadata()
        .withData(Map.of(KtunDefaults.TOKENS_KEY, tokens(scene)))
        .build();
  }

  static String tokens(ServiceScene scene) {
    return scene.admitted().stream()
        .map(i -> i.getSpec().tokenSha256() + "\n")
        .sorted()
        .distinct()
        .collect(Collectors.joining());
  }

  /**
   * After new tokens are written, touches the running proxy pods: a pod update makes the kubelet sync the pod now,
   * refreshing the mounted file in about a second instead of up to a minute and a half.
   */
  @Override
  public ConfigMap update(ConfigMap actual, ConfigMap desired, Intercept primary, Context<Intercept> context) {
    ConfigMap updated = super.update(actual, desired, primary, context);
    String digest = digest(desired.getData().get(KtunDefaults.TOKENS_KEY));
    String patch = "{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}".formatted(KtunAnnotations.TOKENS_DIGEST, digest);
    for (Pod pod : context.getSecondaryResources(Pod.class)) {
      try {
        context
            .getClient()
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          throw e;
        }
        // the pod is gone; its replacement mounts the new tokens from the start
      }
    }
    return updated;
  }

  static String digest(String tokens) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(tokens.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
