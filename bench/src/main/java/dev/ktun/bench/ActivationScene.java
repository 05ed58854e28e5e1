package dev.ktun.bench;

import dev.ktun.api.KtunLabels;
import dev.ktun.client.sim.Scratch;
import dev.ktun.client.sim.SimulatedCluster;
import dev.ktun.tunnel.HostPort;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * T8's scene: the simulated cluster {@code ktun demo} runs (mock API server, the real operator, the stand-in kubelet
 * running the real proxy, Service routing that follows the selector, port-forward as a real WebSocket), an origin pod
 * and the developer's local server that answer differently, a caller probing the Service, and the real
 * {@code ktun intercept} as a process of its own, as a developer starts it. Each round intercepts a Service of its own:
 * the simulation has no garbage collector, so a Service intercepted before keeps its (idle) proxy, and a new Intercept
 * on it would find a proxy that is Ready already.
 */
final class ActivationScene implements AutoCloseable {
    private static final String NS = "shop";
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(60);
    private static final Duration LEAVE_LIMIT = Duration.ofSeconds(30);
    private static final Duration NOTE_LIMIT = Duration.ofSeconds(5);

    private final Path clientJar;
    private final Path directory;
    private final SimulatedCluster cluster;
    private final AnsweringServer origin;
    private final AnsweringServer local;
    private final Path kubeconfig;

    private ActivationScene(Path clientJar, Path directory, SimulatedCluster cluster, AnsweringServer origin, AnsweringServer local) {
        this.clientJar = clientJar;
        this.directory = directory;
        this.cluster = cluster;
        this.origin = origin;
        this.local = local;
        this.kubeconfig = cluster.writeKubeconfig(directory.resolve("kubeconfig"), NS);
    }

    static ActivationScene start(Path clientJar) throws IOException {
        Path directory = Files.createTempDirectory("ktun-bench-t8");
        return new ActivationScene(clientJar, directory, SimulatedCluster.start().startOperator(),
                AnsweringServer.start("origin"), AnsweringServer.start("local"));
    }

    /** One intercept, from {@code ktun intercept} started to the first request at the local server, then leave. */
    ActivationTiming activate(int round) throws Exception {
        String service = "api-" + round;
        int targetPort = FreePorts.pick(1).get(0);
        cluster.createService(NS, service, Map.of("app", service), "http", 80, targetPort);
        cluster.runPod(NS, service + "-7c9d8-x1x2z", Map.of("app", service), targetPort, new HostPort("127.0.0.1", origin.port()));
        CompletableFuture<Long> ready = cluster.proxyPodReady(NS, service);
        CompletableFuture<Long> repointed = new CompletableFuture<>();
        CompletableFuture<Long> firstLocal = local.nextRequest();
        HostPort address = cluster.serviceAddress(NS, service, 80);
        try (Watch selector = watchRepointing(service, repointed);
             ServiceProbe caller = ServiceProbe.start(new InetSocketAddress(address.host(), address.port()), "local")) {
            long start = System.nanoTime();
            ChildProcess intercept = ChildProcess.start("ktun intercept", command(service),
                    Map.of("KTUN_HOME", directory.resolve("home").toString(), "KTUN_NO_DNS_WIRING", "true"));
            CompletableFuture<Long> tunnelUp = intercept.expect(line -> line.contains("tunnel up")).thenApply(line -> System.nanoTime());
            long arrived;
            try {
                arrived = await(firstLocal, intercept);
                // Leave once the caller has its answer, not while it is on its way back.
                await(caller.heard(), intercept);
            } finally {
                // SIGTERM, as Ctrl-C: ktun deletes the Intercept and waits until the operator gave the Service back.
                intercept.close();
            }
            awaitGivenBack(service);
            // All three happened before the first request arrived; their notes may trail it by a moment.
            long readyAt = ready.get(NOTE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return new ActivationTiming(round, arrived - readyAt, repointed.get(NOTE_LIMIT.toMillis(), TimeUnit.MILLISECONDS) - readyAt,
                    tunnelUp.get(NOTE_LIMIT.toMillis(), TimeUnit.MILLISECONDS) - readyAt, arrived - start, caller.describe());
        }
    }

    /** Notes when the operator repointed the Service to the proxy, as a watch sees it (a millisecond or so later). */
    private Watch watchRepointing(String service, CompletableFuture<Long> repointed) {
        return cluster.admin().services().inNamespace(NS).withName(service).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Service changed) {
                if (KtunLabels.proxyPod(service).equals(changed.getSpec().getSelector())) {
                    repointed.complete(System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                repointed.completeExceptionally(cause);
            }
        });
    }

    private List<String> command(String service) {
        return List.of(Jars.jdkTool("java").toString(), "-jar", clientJar.toString(), "intercept", "svc/" + service,
                "-n", NS, "--port", String.valueOf(local.port()), "--kubeconfig", kubeconfig.toString(),
                // As ktun demo: the simulated cluster has no DNS for outbound names. -q: no line per probe.
                "--no-outbound", "-q");
    }

    private static <T> T await(CompletableFuture<T> event, ChildProcess intercept) throws Exception {
        long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!intercept.isAlive()) {
                throw intercept.ended();
            }
            try {
                return event.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep watching ktun
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        throw new IllegalStateException("the intercept did not reach the local server within " + ROUND_LIMIT.toSeconds()
                + " s; ktun intercept said:\n" + intercept.recentOutput());
    }

    private void awaitGivenBack(String service) throws InterruptedException {
        long deadline = System.nanoTime() + LEAVE_LIMIT.toNanos();
        while (!Map.of("app", service).equals(cluster.admin().services().inNamespace(NS).withName(service).get().getSpec().getSelector())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Service " + service + " was not given back within " + LEAVE_LIMIT.toSeconds()
                        + " s after ktun intercept left");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        cluster.close();
        origin.close();
        local.close();
        Scratch.delete(directory);
    }
}
