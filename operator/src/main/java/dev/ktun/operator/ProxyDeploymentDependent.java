package dev.ktun.operator;

import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * {@code ktun-proxy-<service>}: the proxy the Service is repointed to. Its spec depends only on the Service's ports,
 * never on which Intercepts exist, so Intercepts come and go without a rollout.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector =
                KtunLabels.MANAGED_SELECTOR + "," + KtunLabels.COMPONENT + "=" + KtunLabels.COMPONENT_PROXY + "," + KtunLabels.SERVICE))
public class ProxyDeploymentDependent extends SharedDependent<Deployment> {

  public ProxyDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected String name(String service) {
    return ProxyNames.proxy(service);
  }

  @Override
  protected Deployment desired(ServiceScene scene) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name(scene.serviceName()))
        .withNamespace(scene.namespace())
        .withLabels(KtunLabels.managed(scene.serviceName(), KtunLabels.COMPONENT_PROXY))
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(KtunLabels.proxyPod(scene.serviceName()))
        .endSelector()
        .withTemplate(ProxyPodTemplate.forService(scene))
        .endSpec()
        .build();
  }
}
