package dev.ktun.api;

import java.util.Map;

/** Labels on the objects ktun creates, so they can be selected, watched and recognised by people. */
public final class KtunLabels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  /** The intercepted Service an object belongs to (in the object's namespace). */
  public static final String SERVICE = "ktun.dev/service";
  /**
   * The {@link Connect} a proxy belongs to (in the object's namespace): its name, shortened with a hash like
   * {@link ProxyNames} when longer than a label value may be (63 characters). Connect proxies never carry
   * {@link #SERVICE}, so no intercepted Service can select them.
   */
  public static final String CONNECT = "ktun.dev/connect";

  public static final String MANAGER = "ktun-operator";
  public static final String PROXY = "ktun-proxy";
  public static final String COMPONENT_PROXY = "proxy";
  public static final String COMPONENT_ORIGIN = "origin";

  /** Label selector for everything the operator creates; its informers watch only these objects. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGER;

  /**
   * The labels of the proxy pods for a Service. They are also the selector the intercepted Service is repointed
   * to, so they must select nothing but those pods.
   */
  public static Map<String, String> proxyPod(String service) {
    return Map.of(NAME, PROXY, SERVICE, service);
  }

  /** The labels of an object the operator creates for a Service. */
  public static Map<String, String> managed(String service, String component) {
    return Map.of(NAME, PROXY, COMPONENT, component, MANAGED_BY, MANAGER, SERVICE, service);
  }

  /** The labels of a {@link Connect}'s proxy pods: they select nothing but that proxy's pods. */
  public static Map<String, String> connectPod(String connect) {
    return Map.of(NAME, PROXY, CONNECT, ProxyNames.labelValue(connect));
  }

  /** The labels of an object the operator creates for a {@link Connect}: its proxy Deployment and tokens. */
  public static Map<String, String> connectManaged(String connect) {
    return Map.of(NAME, PROXY, COMPONENT, COMPONENT_PROXY, MANAGED_BY, MANAGER, CONNECT, ProxyNames.labelValue(connect));
  }

  private KtunLabels() {}
}
