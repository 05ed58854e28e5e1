package dev.ktun.client;

import dev.ktun.api.Connect;
import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.tunnel.Tokens;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ktun connect -n shop}: this machine calls the cluster's Services by name, until Ctrl-C. Redirects nothing. */
@Command(name = "connect", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class, sortOptions = false,
        description = {"Let processes on this machine call the cluster's Services by name until you press Ctrl-C.",
                "Creates a Connect (the ktun operator starts a proxy of your own that dials Services for you; nothing is "
                        + "redirected), opens one tunnel to it through the Kubernetes API port-forward, answers the Services' "
                        + "names at a local resolver, and listens on their ports on loopback addresses."},
        footer = {"", "Examples:",
                "  ktun connect",
                "      the Services of the kube context's namespace: curl http://orders:8080 (with sudo: for every program)",
                "  ktun connect -n shop -n db",
                "      orders, orders.shop, postgres.db, postgres.db.svc.cluster.local ...",
                "  ktun connect --repair",
                "      undo the DNS changes a crashed ktun left on this machine",
                "", "Exit codes: 0 ok, 1 failure (or the Connect ended in the cluster), 2 usage, 3 cluster/config, 130 interrupted."})
final class ConnectCommand implements Callable<Integer> {
    private static final String CONNECTIONS_WHILE_LOST = "connections to cluster names are closed until it is back";

    @Spec
    private CommandSpec spec;

    @Option(names = "--repair",
            description = "Undo the DNS changes an earlier ktun left on this machine (after a crash or kill -9) and exit. "
                    + "Needs no cluster.")
    private boolean repair;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "With --tunnel-endpoint: a proxy you run yourself, accepting this token (the file's trimmed text). "
                    + "No Connect is created; the cluster is only read for its Services.")
    private Path tokenFile;

    @Mixin
    private ProxyOptions proxy;

    @Mixin
    private OutboundOptions outboundOptions;

    @Mixin
    private KubeOptions kube;

    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getErr());
        if (repair) {
            return WiringRepair.run(KtunHome.journalPlaces(), CommandRunner.SYSTEM, console);
        }
        proxy.validate();
        if (tokenFile != null && proxy.portForward()) {
            throw new ParameterException(spec.commandLine(), "--token-file is for a proxy you run yourself: give its --tunnel-endpoint too");
        }
        try (KubernetesClient client = kube.clientForFirst();
             Interrupts interrupts = Interrupts.install(console, () -> ending.complete(Ending.interrupted()))) {
            List<String> namespaces = kube.namespaces(client);
            if (tokenFile != null) {
                return ownProxy(client, namespaces, console);
            }
            String token = Tokens.fresh();
            Connect request = ConnectRequest.of(client.getNamespace(), Identity.owner(), token, proxy.leaseSeconds);
            Activation<Connect> activation = Activation.following(client, ConnectKind.INSTANCE, request, console, proxy.timeout(),
                    proxy.portForward());
            Connect created;
            try {
                created = create(client, request);
            } catch (RuntimeException e) {
                activation.close();
                throw e;
            }
            console.say("created Connect '%s' in namespace '%s'", created.getMetadata().getName(), client.getNamespace());
            try (LeaseWatch<Connect> watch = new LeaseWatch<>(client, ConnectKind.INSTANCE, created, console, ending::complete)) {
                watch.startRenewing();
                Ending end;
                try {
                    Connect active = activation.awaitUnless(created, ending);
                    end = active == null ? ending.join()
                            : run(client, namespaces, watch::proxy, token, () -> watch.startWatching(active), console);
                } catch (KtunException e) {
                    end = Ending.failed(e);
                }
                return disconnect(client, created, end, console);
            }
        }
    }

    private static Connect create(KubernetesClient client, Connect request) {
        try {
            return client.resource(request).create();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "create", ConnectKind.INSTANCE.resource());
        }
    }

    /** The tunnel, then outbound over it, until Ctrl-C or the Connect's end. */
    private Ending run(KubernetesClient client, List<String> namespaces, Supplier<Optional<PortForwardBridge.PodPort>> proxyPod,
                       String token, Runnable watching, Console console) throws IOException {
        try (ProxyTunnel tunnel = new ProxyTunnel(client, proxyPod, proxy.tunnelEndpoint, token, List.of(),
                route -> new ProxyTunnelEvents(console, Map.of(), route, false, CONNECTIONS_WHILE_LOST), console, ending::complete)) {
            watching.run();
            tunnel.start();
            try (OutboundSession outbound = OutboundSession.start(client, namespaces, outboundOptions, tunnel::current, console)) {
                console.say("Java: add %s to a JVM's options (IDE run configuration, JAVA_TOOL_OPTIONS) to resolve cluster names "
                        + "in it without root", outbound.javaAgentOption());
                console.say("connected; Ctrl-C to disconnect");
                return ending.join();
            }
        }
    }

    private int ownProxy(KubernetesClient client, List<String> namespaces, Console console) throws IOException {
        String token;
        try {
            token = Tokens.readFile(tokenFile);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (--token-file)");
        }
        Ending end;
        try {
            end = run(client, namespaces, Optional::empty, token, () -> { }, console);
        } catch (KtunException e) {
            end = Ending.failed(e);
        }
        return said(end, console);
    }

    private int disconnect(KubernetesClient client, Connect created, Ending end, Console console) {
        int code = said(end, console);
        String name = created.getMetadata().getName();
        if (end.resourceGone()) {
            return code;
        }
        try {
            client.resources(Connect.class).withName(name).delete();
            console.say("disconnected: deleted Connect '%s'; its proxy goes with it", name);
        } catch (KubernetesClientException e) {
            // Gone or unreachable: either way the lease ends the proxy.
            console.say("could not delete Connect '%s' (%s); its proxy ends when the lease runs out", name,
                    new ClusterErrors(client).explain(e, "delete", ConnectKind.INSTANCE.resource()).getMessage());
        }
        return code;
    }

    private static int said(Ending end, Console console) {
        if (end.message() != null) {
            console.say("%s", end.message());
        }
        return end.exitCode();
    }
}
