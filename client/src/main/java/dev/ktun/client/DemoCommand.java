package dev.ktun.client;

import dev.ktun.client.sim.Scratch;
import dev.ktun.client.sim.SimulatedCluster;
import dev.ktun.tunnel.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ktun demo}: the real {@code ktun intercept} and {@code ktun leave} against a cluster simulated in this process
 * ({@link SimulatedCluster}): a mock API server, the real operator, the real proxy as its pod, port-forward as a real
 * WebSocket. Only the cluster is pretend; it says so first.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class, description = {"Show the whole intercept flow against a simulated cluster on this machine.",
        "No cluster, Docker or root needed: the Kubernetes API, pods and Service routing are simulated in-process;",
        "the ktun operator, proxy, tunnel and this CLI are the real ones."})
final class DemoCommand implements Callable<Integer> {
    private static final String NS = "shop";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path home = Files.createTempDirectory("ktun-demo");
        String previousHome = System.getProperty("ktun.home");
        System.setProperty("ktun.home", home.resolve("home").toString());
        DemoCaller caller = new DemoCaller();
        out.println("ktun demo: the Kubernetes cluster below is SIMULATED in this process (a mock API server, pods as local");
        out.println("servers, Service routing emulated). The ktun operator, proxy, tunnel and CLI are the real ones.");
        out.println();
        out.flush();
        try (DemoBackend apiPod = DemoBackend.answering(() -> "hello from the api pod in the cluster (v1)");
             SimulatedCluster cluster = SimulatedCluster.start().startOperator();
             DemoBackend yourApi = DemoBackend.answering(() -> "hello from YOUR MACHINE (the api you are debugging)")) {
            int targetPort = freePort();
            cluster.createService(NS, "api", Map.of("app", "api"), "http", 80, targetPort);
            cluster.runPod(NS, "api-7c9d8-x1x2z", Map.of("app", "api"), targetPort, new HostPort("127.0.0.1", apiPod.port()));
            String kubeconfig = cluster.writeKubeconfig(home.resolve("kubeconfig"), NS).toString();
            int api = cluster.serviceAddress(NS, "api", 80).port();

            out.println("1. In the cluster, Service api (namespace shop) sends callers to its pod:");
            ask(out, caller, api, 1);
            out.println();
            out.printf("2. On your machine, your own api runs on localhost:%d (say, under your debugger).%n", yourApi.port());
            out.printf("   $ ktun intercept svc/api -n shop --port %d%n", yourApi.port());
            out.flush();
            PrintWriter quoted = new PrintWriter(new IndentedWriter(out, "   | "), true);
            // --no-outbound: the simulated cluster has no DNS for its in-process proxy pods, so cluster names would lead
            // nowhere, and as root the demo must not rewire this machine's DNS.
            CompletableFuture<Integer> intercept = CompletableFuture.supplyAsync(() -> Ktun.run(quoted, quoted,
                    "intercept", "svc/api", "-n", NS, "--port", String.valueOf(yourApi.port()), "--no-outbound", "--kubeconfig",
                    kubeconfig));
            awaitIntercepted(caller, api, intercept);
            out.println();
            out.println("3. Callers in the cluster now reach your machine, through the proxy and one port-forward tunnel:");
            ask(out, caller, api, 3);
            out.println();
            out.println("   $ ktun leave --all -n shop      (or Ctrl-C in the intercepting terminal)");
            out.flush();
            Ktun.run(quoted, quoted, "leave", "--all", "-n", NS, "--kubeconfig", kubeconfig);
            intercept.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            out.println();
            out.println("4. The Service is back on its own pod:");
            ask(out, caller, api, 1);
        } finally {
            Scratch.delete(home);
            if (previousHome == null) {
                System.clearProperty("ktun.home");
            } else {
                System.setProperty("ktun.home", previousHome);
            }
        }
        out.println();
        out.println("Done. With a real cluster: install the operator once (helm install ktun charts/ktun), then");
        out.println("`ktun intercept svc/NAME --port LOCAL` (README, \"With a real cluster\"; every command: docs/cli.md).");
        out.flush();
        return ExitCode.OK;
    }

    private static void awaitIntercepted(DemoCaller caller, int api, CompletableFuture<Integer> intercept) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!caller.get(api).contains("YOUR MACHINE")) {
            if (intercept.isDone() || System.nanoTime() > deadline) {
                throw new KtunException(ExitCode.FAILURE, "the demo's intercept did not take over svc/api (see its lines above);"
                        + " run with KTUN_JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=info to see more");
            }
            Thread.sleep(100);
        }
    }

    private static void ask(PrintWriter out, DemoCaller caller, int port, int times) {
        for (int i = 0; i < times; i++) {
            out.printf("   a pod calls GET http://api.shop/  ->  %s%n", caller.get(port));
            out.flush();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
