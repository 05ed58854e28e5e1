package dev.ktun.client.sim;

import dev.ktun.api.KtunDefaults;
import dev.ktun.api.KtunLabels;
import dev.ktun.proxy.Proxy;
import dev.ktun.proxy.ProxyMain;
import dev.ktun.proxy.Route;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.TunnelSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;

/**
 * The simulated node: runs each ktun proxy Deployment's container as an in-process {@link Proxy}, started from the
 * container's own arguments (parsed by the proxy's command line, so the operator's contract is what is tested), with
 * the addresses a pod would have mapped to loopback: the tunnel listener on a free port, the routes to the simulated
 * origin Service, the tokens file fed from the ConfigMap the pod would mount. It reports the pod's start as events and
 * marks it Ready, as a kubelet would.
 */
final class Kubelet implements AutoCloseable {
    private static final long STEP_MILLIS = 150;
    private static final int PROBE_TIMEOUT_MILLIS = 1000;

    private record RunningProxy(String namespace, String pod, Proxy proxy, Path tokens, String configMap) {
    }

    private final KubernetesClient client;
    private final PodNetwork network;
    private final ServiceRouter router;
    private final Path tokensDirectory;
    private final Map<String, RunningProxy> running = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<String, CompletableFuture<Long>> readyAt = new ConcurrentHashMap<>();
    /** Completed unless readiness is held: pods then wait here, started but not Ready. */
    private volatile CompletableFuture<Void> readiness = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    Kubelet(KubernetesClient client, PodNetwork network, ServiceRouter router) throws IOException {
        this.client = client;
        this.network = network;
        this.router = router;
        this.tokensDirectory = Files.createTempDirectory("ktun-sim-tokens");
    }

    void start() {
        String proxies = KtunLabels.MANAGED_SELECTOR + "," + KtunLabels.COMPONENT + "=" + KtunLabels.COMPONENT_PROXY;
        informers.add(client.apps().deployments().inAnyNamespace().withLabelSelector(proxies).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                run(deployment);
            }

            @Override
            public void onUpdate(Deployment old, Deployment deployment) {
                run(deployment);
            }

            @Override
            public void onDelete(Deployment deployment, boolean unknownFinalState) {
                stop(deployment);
            }
        }));
        informers.add(client.configMaps().inAnyNamespace().withLabelSelector(KtunLabels.MANAGED_SELECTOR).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap map) {
                refreshTokens(map);
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap map) {
                refreshTokens(map);
            }

            @Override
            public void onDelete(ConfigMap map, boolean unknownFinalState) {
            }
        }));
    }

    private synchronized void run(Deployment deployment) {
        String key = key(deployment);
        if (running.containsKey(key)) {
            return;
        }
        String namespace = deployment.getMetadata().getNamespace();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        CommandLine.ParseResult args = ProxyMain.commandLine().parseArgs(container.getArgs().toArray(String[]::new));
        HostPort tunnelListen = args.matchedOptionValue("--tunnel-listen", null);
        HostPort readyListen = args.matchedOptionValue("--ready-listen", null);
        List<Route> routes = args.matchedOptionValue("--route", List.<Route>of()).stream()
                .map(route -> new Route(route.listenPort(), origin(route.origin(), namespace)))
                .toList();
        String configMap = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null).map(Volume::getConfigMap).findFirst().orElseThrow().getName();
        String pod = deployment.getMetadata().getName() + "-" + random(10) + "-" + random(5);
        Path tokens = tokensDirectory.resolve(namespace + "_" + configMap);
        writeTokens(client.configMaps().inNamespace(namespace).withName(configMap).get(), tokens);
        Proxy proxy;
        try {
            proxy = Proxy.start(new Proxy.Config(new HostPort("127.0.0.1", 0), Set.of(), tokens, routes, "127.0.0.1", 1,
                    TunnelSettings.defaults(pod + " (simulated)"), readyListen == null ? null : new HostPort("127.0.0.1", 0)));
            running.put(key, new RunningProxy(namespace, pod, proxy, tokens, configMap));
            network.attach(namespace, pod, port -> port == tunnelListen.port() ? proxy.tunnelEndpoint()
                    : readyListen != null && port == readyListen.port() ? proxy.readyEndpoint().orElseThrow()
                    : new HostPort("127.0.0.1", port));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Thread start = new Thread(() -> reportStart(deployment, pod, proxy), "sim-kubelet-" + pod);
        start.setDaemon(true);
        start.start();
    }

    /**
     * When the first pod of a proxy Deployment was marked Ready: {@link System#nanoTime()} right after the API server took
     * the pod's Ready condition. Asked before or after the fact.
     */
    CompletableFuture<Long> readyAt(String namespace, String deployment) {
        return readyAt.computeIfAbsent(namespace + "/" + deployment, key -> new CompletableFuture<>());
    }

    /** From now on, proxy pods start but wait for {@link #releaseReadiness()} before they are marked Ready. */
    void holdReadiness() {
        if (readiness.isDone()) {
            readiness = new CompletableFuture<>();
        }
    }

    void releaseReadiness() {
        readiness.complete(null);
    }

    /** {@code api-ktun-origin.shop.svc:80} becomes the simulated Service's loopback listener. */
    private HostPort origin(HostPort clusterAddress, String namespace) {
        String[] parts = clusterAddress.host().split("\\.");
        return router.address(parts.length > 1 ? parts[1] : namespace, parts[0], clusterAddress.port());
    }

    /** What a real node reports while it starts the pod, so `ktun intercept` has something to show. */
    private void reportStart(Deployment deployment, String podName, Proxy proxy) {
        String namespace = deployment.getMetadata().getNamespace();
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(namespace)
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
        client.pods().resource(pod).create();
        try {
            event(namespace, podName, "Scheduled", "Successfully assigned " + namespace + "/" + podName + " to simulated-node");
            Thread.sleep(STEP_MILLIS);
            event(namespace, podName, "Pulling", "Pulling image \"" + deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage() + "\"");
            Thread.sleep(STEP_MILLIS);
            event(namespace, podName, "Pulled", "Successfully pulled image");
            event(namespace, podName, "Started", "Started container proxy");
            Thread.sleep(STEP_MILLIS);
            readiness.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (closed || !probeAnswers(proxy)) {
            return;
        }
        try {
            client.pods().inNamespace(namespace).withName(podName).editStatus(p -> new PodBuilder(p).editStatus()
                    .withPhase("Running").withPodIP("10.244.0." + ThreadLocalRandom.current().nextInt(2, 250))
                    .addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus().build());
            readyAt(namespace, deployment.getMetadata().getName()).complete(System.nanoTime());
            client.apps().deployments().inNamespace(namespace).withName(deployment.getMetadata().getName()).editStatus(d -> {
                d.setStatus(new DeploymentStatus());
                d.getStatus().setReplicas(1);
                d.getStatus().setReadyReplicas(1);
                d.getStatus().setAvailableReplicas(1);
                return d;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            // The Deployment was deleted while its pod started (its Intercept or Connect ended): nothing left to report on.
        }
    }

    /** The pod template's TCP readiness probe, once: the proxy bound everything before it returned from its start. */
    private static boolean probeAnswers(Proxy proxy) {
        Optional<HostPort> ready = proxy.readyEndpoint();
        if (ready.isEmpty()) {
            return true;
        }
        try (Socket probe = new Socket()) {
            probe.connect(ready.get().toAddress(), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void event(String namespace, String pod, String reason, String message) {
        String now = Instant.now().toString();
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withName(pod + "." + reason.toLowerCase()).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace(namespace).endInvolvedObject()
                .withReason(reason).withMessage(message).withType("Normal")
                .withFirstTimestamp(now).withLastTimestamp(now)
                .build()).create();
    }

    private void refreshTokens(ConfigMap map) {
        running.values().stream()
                .filter(r -> r.namespace().equals(map.getMetadata().getNamespace()) && r.configMap().equals(map.getMetadata().getName()))
                .forEach(r -> writeTokens(map, r.tokens()));
    }

    private static void writeTokens(ConfigMap map, Path file) {
        String tokens = map == null || map.getData() == null ? "" : map.getData().getOrDefault(KtunDefaults.TOKENS_KEY, "");
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(temporary, tokens);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated proxy's tokens file " + file, e);
        }
    }

    private synchronized void stop(Deployment deployment) {
        RunningProxy proxy = running.remove(key(deployment));
        if (proxy != null) {
            network.detach(proxy.namespace(), proxy.pod());
            proxy.proxy().close();
            client.pods().inNamespace(proxy.namespace()).withName(proxy.pod()).delete();
        }
    }

    private static String key(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    private static String random(int length) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return text.toString();
    }

    @Override
    public void close() {
        closed = true;
        releaseReadiness();
        informers.forEach(SharedIndexInformer::close);
        running.values().forEach(r -> r.proxy().close());
        running.clear();
        Scratch.delete(tokensDirectory);
    }
}
