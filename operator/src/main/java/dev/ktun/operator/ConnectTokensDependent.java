package dev.ktun.operator;

import dev.ktun.api.Connect;
import dev.ktun.api.KtunDefaults;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * {@code ktun-connect-<connect>} ConfigMap: the one token hash the Connect's proxy accepts. It never changes (a
 * Connect's spec is immutable), so unlike an intercepted Service's tokens no pod needs nudging.
 */
@KubernetesDependent(informer = @Informer(labelSelector = KtunLabels.MANAGED_SELECTOR + "," + KtunLabels.CONNECT))
public class ConnectTokensDependent extends CRUDKubernetesDependentResource<ConfigMap, Connect> {

  public ConnectTokensDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(Connect connect, Context<Connect> context) {
    String name = connect.getMetadata().getName();
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ProxyNames.connect(name))
        .withNamespace(connect.getMetadata().getNamespace())
        .withLabels(KtunLabels.connectManaged(name))
        .endMetadata()
        .withData(Map.of(KtunDefaults.TOKENS_KEY, connect.getSpec().tokenSha256() + "\n"))
        .build();
  }
}
