package dev.ktun.client.sim;

import dev.ktun.api.Intercept;
import dev.ktun.api.ProxyNames;
import dev.ktun.operator.EmbeddedOperator;
import dev.ktun.tunnel.HostPort;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes cluster simulated in this process, for {@code ktun demo} and the client's tests: the fabric8 mock API
 * server (CRUD) with the Intercept and Connect CRDs and CoreDNS's Corefile, the real ktun operator, a {@link Kubelet} that runs proxy pods in-process,
 * {@link ServiceRouter} for Service routing, and pods/portforward as real WebSockets. Workload pods are whatever local
 * servers the caller attaches with {@link #runPod}. Services get cluster IPs, and the cluster's DNS server answers
 * their reverse names when asked to run ({@link #startDns()}).
 *
 * <p>What is not simulated: scheduling, images, names in DNS (proxy pods dial through the JVM's resolver), RBAC (the
 * mock allows everything unless told otherwise with {@link #server()} expectations or {@link #forbidPortForward()}),
 * garbage collection by owner references.
 */
public final class SimulatedCluster implements AutoCloseable {
    public static final String PROXY_IMAGE = "ghcr.io/ktun-dev/ktun-proxy:simulated";
    /** The cluster DNS domain, as CoreDNS's Corefile states it, unless the cluster is started with another. */
    public static final String DOMAIN = "cluster.local";
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        // The mock server logs every request through java.util.logging; held here so the setting is not collected.
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final PortForwardDispatcher dispatcher;
    private final KubernetesClient admin;
    private final PodNetwork network;
    private final ServiceRouter router;
    private final Kubelet kubelet;
    private final String domain;
    private final AtomicInteger clusterIps = new AtomicInteger();
    private EmbeddedOperator operator;
    private ClusterDns dns;

    private SimulatedCluster(KubernetesMockServer server, PortForwardDispatcher dispatcher, KubernetesClient admin, PodNetwork network,
                             ServiceRouter router, Kubelet kubelet, String domain) {
        this.domain = domain;
        this.server = server;
        this.dispatcher = dispatcher;
        this.admin = admin;
        this.network = network;
        this.router = router;
        this.kubelet = kubelet;
    }

    /** An API server with the Intercept CRD and a node, but no operator yet ({@link #startOperator()}). */
    public static SimulatedCluster start() throws IOException {
        return start(DOMAIN);
    }

    /** The same, for a cluster whose DNS domain is {@code domain} ({@code --cluster-domain} of the kubelets). */
    public static SimulatedCluster start(String domain) throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        PodNetwork network = new PodNetwork();
        PortForwardDispatcher dispatcher = new PortForwardDispatcher(new KubernetesMixedDispatcher(expectations), network);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations, dispatcher, false);
        server.init();
        // Like a real API server, keep a Deployment's status when its spec is written (the mock does so for CRDs only).
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder()
                .withGroup("apps").withVersion("v1").withPlural("deployments").withKind("Deployment")
                .withScope("Namespaced").withStatusSubresource(true).build());
        KubernetesClient admin = server.createClient(new JdkHttpClientFactory());
        for (String crd : List.of("intercepts.ktun.dev", "connects.ktun.dev")) {
            try (InputStream yaml = Intercept.class.getResourceAsStream("/META-INF/fabric8/" + crd + "-v1.yml")) {
                admin.apiextensions().v1().customResourceDefinitions().load(yaml).create();
            }
        }
        createCoreDnsConfig(admin, domain);
        ServiceRouter router = new ServiceRouter(admin, network);
        Kubelet kubelet = new Kubelet(admin, network, router);
        kubelet.start();
        return new SimulatedCluster(server, dispatcher, admin, network, router, kubelet, domain);
    }

    /** What kubeadm installs for CoreDNS, so ktun discovers the cluster domain here as it does in a real cluster. */
    private static void createCoreDnsConfig(KubernetesClient admin, String domain) {
        admin.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("coredns").withNamespace("kube-system").endMetadata()
                .addToData("Corefile", """
                        .:53 {
                            errors
                            kubernetes %s in-addr.arpa ip6.arpa {
                               pods insecure
                               fallthrough in-addr.arpa ip6.arpa
                            }
                            forward . /etc/resolv.conf
                        }
                        """.formatted(domain))
                .build()).create();
    }

    /**
     * Runs the cluster's DNS server where the proxy pods find it ({@code kube-dns.kube-system.svc:53}). Port 53 needs
     * root: fails otherwise.
     */
    public SimulatedCluster startDns() throws IOException {
        dns = ClusterDns.start(admin, domain);
        return this;
    }

    /** Starts the real ktun operator against this cluster, as {@code helm install ktun charts/ktun} would. */
    public SimulatedCluster startOperator() {
        operator = EmbeddedOperator.start(admin, PROXY_IMAGE, 7300, Duration.ofMillis(500));
        return this;
    }

    public void stopOperator() {
        if (operator != null) {
            operator.close();
            operator = null;
        }
    }

    /** A client with every right, for setting the scene and checking it. */
    public KubernetesClient admin() {
        return admin;
    }

    /** The mock API server: tests script answers (403, 404) with its expectations. */
    public KubernetesMockServer server() {
        return server;
    }

    /** A kubeconfig for this cluster, as a developer would have it, with {@code namespace} as the context's default. */
    public Path writeKubeconfig(Path file, String namespace) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: simulated
                  cluster:
                    server: %s
                contexts:
                - name: simulated
                  context: {cluster: simulated, user: developer, namespace: %s}
                current-context: simulated
                users:
                - name: developer
                  user: {token: simulated}
                """.formatted(admin.getMasterUrl().toString(), namespace);
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated cluster's kubeconfig to " + file, e);
        }
        return file;
    }

    /** A Service with one TCP port and a cluster IP of its own, as the API server allocates it. */
    public void createService(String namespace, String name, Map<String, String> selector, String portName, int port, int targetPort) {
        admin.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withSelector(selector).withClusterIP(nextClusterIp())
                .withPorts(new ServicePortBuilder().withName(portName).withPort(port).withProtocol("TCP")
                        .withTargetPort(new IntOrString(targetPort)).build())
                .endSpec().build()).create();
    }

    /** The next address of the Service CIDR 10.96.0.0/16, as the API server hands them out. */
    private String nextClusterIp() {
        int n = clusterIps.getAndIncrement() + 10;
        return "10.96." + (n / 250) + "." + (n % 250 + 1);
    }

    /** A ready workload pod whose container port {@code containerPort} is served by a local server at {@code where}. */
    public void runPod(String namespace, String name, Map<String, String> labels, int containerPort, HostPort where) {
        admin.pods().inNamespace(namespace).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/" + name + ":1")
                .addNewPort().withName("http").withContainerPort(containerPort).withProtocol("TCP").endPort()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        network.attach(namespace, name, port -> port == containerPort ? where : null);
    }

    /** Where callers "in the cluster" reach {@code service:port}: the simulated Service's loopback listener. */
    public HostPort serviceAddress(String namespace, String service, int port) {
        return router.address(namespace, service, port);
    }

    /**
     * When the proxy pod of {@code service} was marked Ready ({@link System#nanoTime()} in this JVM, right after the API
     * server took the pod's Ready condition): where intercept activation, design target T8, starts counting. Completes
     * once, for the first pod of that proxy; ask before or after.
     */
    public CompletableFuture<Long> proxyPodReady(String namespace, String service) {
        return kubelet.readyAt(namespace, ProxyNames.proxy(service));
    }

    /**
     * From now on, proxy pods start (their proxies listen) but are not marked Ready until
     * {@link #releaseProxyReadiness()}: a readiness probe that takes as long as a test needs.
     */
    public void holdProxyReadiness() {
        kubelet.holdReadiness();
    }

    /** Marks the held proxy pods Ready, and those that start from now on as usual. */
    public void releaseProxyReadiness() {
        kubelet.releaseReadiness();
    }

    /** Ends every open port-forward at once, as an API server restart or a network change on the laptop would. */
    public void dropPortForwards() {
        dispatcher.dropAll();
    }

    /** From now on, refuse port-forwards as RBAC does for a user without {@code pods/portforward}. */
    public void forbidPortForward() {
        dispatcher.forbid();
    }

    /** How many port-forwards are open now. */
    public int openPortForwards() {
        return dispatcher.openCount();
    }

    @Override
    public void close() {
        if (dns != null) {
            try {
                dns.close();
            } catch (IOException e) {
                // its port is the OS's to free; nothing to do here
            }
        }
        stopOperator();
        kubelet.close();
        router.close();
        admin.close();
        server.destroy();
    }
}
