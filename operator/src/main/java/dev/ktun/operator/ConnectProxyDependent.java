package dev.ktun.operator;

import dev.ktun.api.Connect;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * {@code ktun-connect-<connect>}: the Connect's own proxy, which dials cluster Services for its client and receives
 * nothing. Owned by the Connect alone, so the garbage collector removes it with the Connect, operator or not.
 */
@KubernetesDependent(informer = @Informer(labelSelector = KtunLabels.MANAGED_SELECTOR + "," + KtunLabels.CONNECT))
public class ConnectProxyDependent extends CRUDKubernetesDependentResource<Deployment, Connect> {

  public ConnectProxyDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(Connect connect, Context<Connect> context) {
    String name = connect.getMetadata().getName();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(ProxyNames.connect(name))
        .withNamespace(connect.getMetadata().getNamespace())
        .withLabels(KtunLabels.connectManaged(name))
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(KtunLabels.connectPod(name))
        .endSelector()
        .withTemplate(ProxyPodTemplate.forConnect(ConnectScene.in(context).settings(), name))
        .endSpec()
        .build();
  }
}
