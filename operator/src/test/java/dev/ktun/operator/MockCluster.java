package dev.ktun.operator;

import static org.awaitility.Awaitility.await;

import dev.ktun.api.Connect;
import dev.ktun.api.ConnectPhase;
import dev.ktun.api.ConnectSpec;
import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPhase;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.InterceptSpec;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunLabels;
import dev.ktun.api.ProxyNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fabric8 mock API server in CRUD mode with the Intercept and Connect CRDs installed, and the real ktun operator
 * running against it. The mock has no controllers and no kubelet: tests play their part (proxy readiness, pods).
 */
final class MockCluster implements BeforeEachCallback, AfterEachCallback {

  static final String NS = "shop";
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final OperatorSettings SETTINGS =
      new OperatorSettings("ghcr.io/ktun-dev/ktun-proxy:test", "IfNotPresent", List.of("registry-pull"), 7300, false,
          Duration.ofMillis(200), 0);

  // The mock server logs every request through java.util.logging; held here so the setting is not collected.
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private ApiServerDispatcher dispatcher;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private KtunOperator operator;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dispatcher = new ApiServerDispatcher();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    // Like a real API server, keep a Deployment's status when its spec is written (the mock does so for CRDs only).
    server.expectCustomResource(
        new CustomResourceDefinitionContext.Builder()
            .withGroup("apps")
            .withVersion("v1")
            .withPlural("deployments")
            .withKind("Deployment")
            .withScope("Namespaced")
            .withStatusSubresource(true)
            .build());
    client = server.createClient(new JdkHttpClientFactory());
    for (String crdName : List.of(Intercept.CRD_NAME, Connect.CRD_NAME)) {
      try (InputStream crd = Intercept.class.getResourceAsStream("/META-INF/fabric8/" + crdName + "-v1.yml")) {
        client.apiextensions().v1().customResourceDefinitions().load(crd).create();
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopOperator();
    client.close();
    server.destroy();
  }

  KubernetesClient client() {
    return client;
  }

  void startOperator() {
    operator = new KtunOperator(client, SETTINGS, Clock.systemUTC(), Optional.empty());
    operator.start();
  }

  void stopOperator() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  /** The operator hears of no Service change from now on, as when the API server's watch lags behind its writes. */
  void holdServiceWatchEvents() {
    dispatcher.holdServiceEvents();
  }

  /** The lagging watch catches up: the operator hears of every Service change since the hold, in order. */
  void releaseServiceWatchEvents() {
    dispatcher.releaseServiceEvents();
  }

  // --- the user's side ---

  Service createService(String name, Map<String, String> selector, ServicePort... ports) {
    return client
        .services()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(Map.of("app.kubernetes.io/part-of", "shop"))
                .endMetadata()
                .withNewSpec()
                .withSelector(selector)
                .withPorts(ports)
                .endSpec()
                .build())
        .create();
  }

  static ServicePort port(String name, int port, int targetPort) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP").withTargetPort(new IntOrString(targetPort)).build();
  }

  static ServicePort namedTarget(String name, int port, String targetPortName) {
    return new ServicePortBuilder().withName(name).withPort(port).withProtocol("TCP").withTargetPort(new IntOrString(targetPortName)).build();
  }

  Service service(String name) {
    return client.services().inNamespace(NS).withName(name).get();
  }

  Map<String, String> selectorOf(String service) {
    return service(service).getSpec().getSelector();
  }

  // --- the developer's side ---

  Intercept createIntercept(String name, String service, String user, Object... servicePorts) {
    return createInterceptWithLease(name, service, user, 30, servicePorts);
  }

  Intercept createInterceptWithLease(String name, String service, String user, int leaseSeconds, Object... servicePorts) {
    Intercept intercept = new Intercept();
    intercept.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    List<InterceptPort> ports =
        Arrays.stream(servicePorts)
            .map(p -> new InterceptPort(p instanceof Integer i ? new IntOrString(i) : new IntOrString((String) p), 8080))
            .toList();
    intercept.setSpec(new InterceptSpec(service, ports, null, new InterceptOwner(user, user + "-laptop"), tokenHash(name), leaseSeconds));
    return client.resource(intercept).create();
  }

  /** A stand-in for the SHA-256 of the tunnel token a client would generate. */
  static String tokenHash(String interceptName) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(interceptName.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Intercept intercept(String name) {
    return client.resources(Intercept.class).inNamespace(NS).withName(name).get();
  }

  void deleteIntercept(String name) {
    client.resources(Intercept.class).inNamespace(NS).withName(name).delete();
  }

  Intercept awaitPhase(String name, InterceptPhase phase) {
    await().atMost(TIMEOUT).until(() -> intercept(name) != null && intercept(name).phase() == phase);
    return intercept(name);
  }

  void awaitGone(String name) {
    await().atMost(TIMEOUT).until(() -> intercept(name) == null);
  }

  Connect createConnect(String name, String user, int leaseSeconds) {
    Connect connect = new Connect();
    connect.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    connect.setSpec(new ConnectSpec(new InterceptOwner(user, user + "-laptop"), tokenHash(name), leaseSeconds));
    return client.resource(connect).create();
  }

  Connect connect(String name) {
    return client.resources(Connect.class).inNamespace(NS).withName(name).get();
  }

  Connect awaitConnectPhase(String name, ConnectPhase phase) {
    await().atMost(TIMEOUT).until(() -> connect(name) != null && connect(name).phase() == phase);
    return connect(name);
  }

  /** What the client does every lease/3: a merge patch of one annotation, needing only `patch` on the resource. */
  <T extends HasMetadata> T renewLease(Class<T> type, String name) {
    String patch = "{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}".formatted(KtunAnnotations.LEASE_RENEWED_AT, Instant.now());
    return client.resources(type).inNamespace(NS).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  // --- what kubelet and controllers would do ---

  Deployment awaitProxy(String service) {
    await().atMost(TIMEOUT).until(() -> proxy(service) != null);
    return proxy(service);
  }

  Deployment proxy(String service) {
    return client.apps().deployments().inNamespace(NS).withName(ProxyNames.proxy(service)).get();
  }

  /** The proxy's pod starts and passes its readiness probe. */
  void makeProxyReady(String service) {
    awaitProxy(service);
    startReadyPod(ProxyNames.proxy(service), KtunLabels.proxyPod(service));
  }

  Pod proxyPod(String service) {
    return client.pods().inNamespace(NS).withName(podOf(ProxyNames.proxy(service))).get();
  }

  Deployment awaitConnectProxy(String connect) {
    await().atMost(TIMEOUT).until(() -> connectProxy(connect) != null);
    return connectProxy(connect);
  }

  Deployment connectProxy(String connect) {
    return client.apps().deployments().inNamespace(NS).withName(ProxyNames.connect(connect)).get();
  }

  ConfigMap connectTokens(String connect) {
    return client.configMaps().inNamespace(NS).withName(ProxyNames.connect(connect)).get();
  }

  /** The Connect's proxy pod starts and passes its readiness probe. */
  void makeConnectProxyReady(String connect) {
    awaitConnectProxy(connect);
    startReadyPod(ProxyNames.connect(connect), KtunLabels.connectPod(connect));
  }

  Pod connectProxyPod(String connect) {
    return client.pods().inNamespace(NS).withName(podOf(ProxyNames.connect(connect))).get();
  }

  /** The name the ReplicaSet controller would give the Deployment's one pod. */
  private static String podOf(String deployment) {
    return deployment + "-7d9f8-abcde";
  }

  /** What the Deployment and ReplicaSet controllers and the kubelet do: the pod runs, is ready, and counted so. */
  private void startReadyPod(String deployment, Map<String, String> labels) {
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(podOf(deployment))
                .withNamespace(NS)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("proxy")
                .withImage(SETTINGS.proxyImage())
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(deployment)
        .editStatus(
            d -> {
              d.setStatus(new DeploymentStatus());
              d.getStatus().setReplicas(1);
              d.getStatus().setReadyReplicas(1);
              d.getStatus().setAvailableReplicas(1);
              return d;
            });
  }

  /** Pods of the user's workload, as its Deployment would have created them. */
  void createWorkloadPod(String name, Map<String, String> labels, String portName, int port) {
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/api:1")
                .addNewPort()
                .withName(portName)
                .withContainerPort(port)
                .withProtocol("TCP")
                .endPort()
                .endContainer()
                .endSpec()
                .build())
        .create();
  }
}
