package dev.ktun.operator;

import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * {@code <service>-ktun-origin}: the intercepted Service as it was, selecting the original pods. The proxy sends
 * there every connection no developer claims, so the Service keeps working for everyone else.
 */
@KubernetesDependent(
    informer = @Informer(labelSelector = KtunLabels.MANAGED_SELECTOR + "," + KtunLabels.COMPONENT + "=" + KtunLabels.COMPONENT_ORIGIN))
public class OriginServiceDependent extends SharedDependent<Service> {

  public OriginServiceDependent() {
    super(Service.class);
  }

  @Override
  protected String name(String service) {
    return ProxyNames.origin(service);
  }

  @Override
  protected Service desired(ServiceScene scene) {
    Service user = scene.service().orElseThrow();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name(scene.serviceName()))
        .withNamespace(scene.namespace())
        .withLabels(KtunLabels.managed(scene.serviceName(), KtunLabels.COMPONENT_ORIGIN))
        .endMetadata()
        .withNewSpec()
        .withSelector(scene.originalSelector().orElseThrow())
        .withPorts(user.getSpec().getPorts().stream().map(OriginServiceDependent::copy).toList())
        .endSpec()
        .build();
  }

  /** The port as the user defined it, without what the API server assigned to their Service (node ports). */
  private static ServicePort copy(ServicePort port) {
    return new ServicePortBuilder()
        .withName(port.getName())
        .withPort(port.getPort())
        .withProtocol(port.getProtocol())
        .withTargetPort(port.getTargetPort())
        .withAppProtocol(port.getAppProtocol())
        .build();
  }
}
