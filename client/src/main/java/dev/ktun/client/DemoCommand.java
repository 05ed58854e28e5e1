package dev.ktun.client;

import dev.ktun.proxy.Proxy;
import dev.ktun.proxy.Route;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelSettings;
import io.netty.channel.EventLoopGroup;
import dev.ktun.tunnel.Claim;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ktun demo}: the intercept flow on this machine alone. The "cluster" is simulated: its pods are local HTTP
 * servers and the ktun proxy runs in this process; the tunnel, the client and every byte they carry are the real
 * ones. Nothing here needs a cluster, Docker or root.
 */
@Command(name = "demo", description = {"Show the intercept flow against a simulated cluster on this machine.",
        "No cluster, Docker or root needed: pods are local servers, the real proxy and tunnel carry the traffic."})
final class DemoCommand implements Callable<Integer> {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoCaller caller = new DemoCaller();
        String token = Tokens.fresh();
        try (DemoBackend apiPod = DemoBackend.answering(() -> "hello from the api pod in the cluster (v1)");
             DemoBackend ordersPod = DemoBackend.answering(() -> "3 open orders")) {
            int servicePort = freePort();
            int ordersForward = freePort();
            Proxy proxy = Proxy.start(new Proxy.Config(new HostPort("127.0.0.1", freePort()), Set.of(Tokens.sha256Hex(token)),
                    null, List.of(new Route(servicePort, new HostPort("127.0.0.1", apiPod.port()))), "127.0.0.1", 1,
                    TunnelSettings.defaults("ktun-proxy-api (simulated)")));
            try (proxy; DemoBackend localApi = DemoBackend.answering(
                    () -> "hello from YOUR MACHINE's api (and orders says: " + caller.get(ordersForward) + ")")) {
                out.println("ktun demo: the cluster below is SIMULATED on this machine (pods are local servers);");
                out.println("the ktun proxy, the tunnel and the client are the real ones.");
                out.println();
                out.printf("  cluster: Service api    -> pod on 127.0.0.1:%d, reached through the ktun proxy on :%d%n",
                        apiPod.port(), servicePort);
                out.printf("  cluster: Service orders -> pod on 127.0.0.1:%d%n", ordersPod.port());
                out.printf("  you:     your own api, running locally on 127.0.0.1:%d (e.g. under a debugger)%n", localApi.port());
                out.println();
                out.println("1. A pod calls the api Service; nobody intercepts it yet:");
                ask(out, caller, servicePort, 1);

                out.println();
                out.printf("2. ktun intercept svc/api --port %d   (tunnel to the proxy, claim the Service's port,%n",
                        localApi.port());
                out.println("   and let your process reach svc/orders through the tunnel):");
                EventLoopGroup group = Transport.group(1, "ktun-demo");
                try {
                    ConsoleEvents events = new ConsoleEvents(out, false);
                    TunnelClient client = new TunnelClient(group, proxy.tunnelEndpoint(), token,
                            List.of(new PortClaim(localApi.port(), servicePort)), TunnelSettings.defaults(Identity.current()),
                            events);
                    new LocalForward(new Forward(new HostPort("127.0.0.1", ordersForward),
                            new HostPort("127.0.0.1", ordersPod.port())), client::current, events).bind(group).sync();
                    client.start();
                    awaitClaim(client);
                    ask(out, caller, servicePort, 3);

                    out.println();
                    out.println("3. ktun leave (or Ctrl-C): the proxy sends callers back to the cluster's pods at once:");
                    client.stop();
                } finally {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                }
                ask(out, caller, servicePort, 1);
            }
        }
        out.println();
        out.println("Done. The same flow against a real cluster needs the operator installed with Helm (docs/install.md),");
        out.println("and `ktun intercept svc/api --port 8080` (docs/cli.md). The data plane alone: README, \"Try the data plane\".");
        return ExitCode.OK;
    }

    private static void ask(PrintWriter out, DemoCaller caller, int servicePort, int times) {
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            String body = caller.get(servicePort);
            out.printf("   GET http://api/  ->  %s   (%.1f ms)%n", body, (System.nanoTime() - start) / 1e6);
            out.flush();
        }
    }

    private static void awaitClaim(TunnelClient client) throws InterruptedException {
        try {
            Map<Integer, Claim.Status> answer = client.claimAnswered().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (!answer.containsValue(Claim.Status.GRANTED)) {
                throw new KtunException(ExitCode.FAILURE, "the demo's proxy refused the claim: " + answer);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KtunException(ExitCode.FAILURE, "the demo's tunnel did not come up within " + WAIT.toSeconds()
                    + " s (" + e + "); run with KTUN_JAVA_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=debug to see why");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
