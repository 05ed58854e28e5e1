package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.KtunDefaults;
import dev.ktun.api.ResolvedPort;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelRefusedException;
import dev.ktun.tunnel.TunnelSettings;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ktun intercept svc/api --port 8080}: the Service's traffic to a process on this machine, until Ctrl-C. */
@Command(name = "intercept", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class, sortOptions = false,
        description = {"Send a Service's traffic to a process on this machine until you press Ctrl-C.",
                "Creates an Intercept (the ktun operator repoints the Service to its proxy), opens one tunnel to the proxy "
                        + "through the Kubernetes API port-forward, and gives the Service back when you leave."},
        footer = {"", "Examples:",
                "  ktun intercept svc/api --port 8080",
                "      every connection to Service api (its only port) arrives at localhost:8080",
                "  ktun intercept api -n shop --port 8080:http --port 9091:metrics",
                "      two of the Service's ports, by name, in namespace shop",
                "  ktun intercept svc/api --port 8080 --env-file api.env -- ./gradlew bootRun",
                "      write the pods' environment to api.env, run the app with it, leave when it exits",
                "", "Exit codes: 0 ok, 1 failure (or the intercept ended in the cluster), 2 usage, 3 cluster/config, "
                + "130 interrupted; with -- CMD, the command's exit code."})
final class InterceptCommand implements Callable<Integer> {
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a proxy may take to load a new token hash from its ConfigMap (the kubelet refreshes it in about a second). */
    private static final Duration TOKEN_PROPAGATION = Duration.ofSeconds(15);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The Service to intercept: svc/NAME or NAME.")
    private ServiceTarget target;

    @Option(names = {"-p", "--port"}, required = true, paramLabel = "LOCAL[:SVCPORT]",
            description = "Deliver the Service's port SVCPORT (number or name; may be left out when the Service has one port) "
                    + "to localhost:LOCAL (repeatable).")
    private List<InterceptPortOption> ports = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Write the environment of the Service's pods' container to FILE (dotenv: literal values, ConfigMap and "
                    + "Secret references resolved); with -- CMD, the command runs with it.")
    private Path envFile;

    @Option(names = "--container", paramLabel = "NAME",
            description = "With --env-file: the container to read (default: the one serving the Service's port).")
    private String container;

    @Option(names = "--tunnel-endpoint", paramLabel = "HOST:PORT",
            description = "Dial the proxy's tunnel here instead of port-forwarding to its pod (e.g. a proxy you run yourself).")
    private HostPort tunnelEndpoint;

    @Option(names = "--lease", paramLabel = "SECONDS", defaultValue = "" + KtunDefaults.LEASE_SECONDS,
            description = "How long the cluster keeps the intercept once this machine goes silent (sleep, crash, network loss); "
                    + "default ${DEFAULT-VALUE}.")
    private int leaseSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the proxy to start (default ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = {"-q", "--quiet"}, description = "Do not print a line per intercepted connection.")
    private boolean quiet;

    @Mixin
    private KubeOptions kube;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "After --: a command to run for the life of the intercept.")
    private List<String> command = new ArrayList<>();

    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getErr());
        if (leaseSeconds < 3 || leaseSeconds > 3600) {
            throw new KtunException(ExitCode.USAGE, "--lease takes 3 to 3600 seconds");
        }
        try (KubernetesClient client = kube.client()) {
            ServiceCheck check = new ServiceCheck(client);
            Service service = check.find(target);
            List<InterceptPort> requested = ServiceCheck.ports(service, ports);
            Map<String, String> environment = envFile != null ? importEnvironment(client, service, console) : Map.of();
            if (command.isEmpty()) {
                warnAboutSilentLocalPorts(console);
            }
            String token = Tokens.fresh();
            Intercept created = create(client, requested, token);
            console.say("created Intercept '%s' for svc/%s in namespace '%s'", created.getMetadata().getName(), target.name(),
                    client.getNamespace());
            try (Interrupts interrupts = Interrupts.install(console, () -> ending.complete(Ending.interrupted()));
                 InterceptWatch watch = new InterceptWatch(client, created, console, ending::complete)) {
                watch.startRenewing();
                Ending end;
                try {
                    Intercept active = new Activation(client, console, Duration.ofSeconds(timeoutSeconds), tunnelEndpoint == null)
                            .awaitUnless(created, ending);
                    end = active == null ? ending.join() : run(client, watch, active, token, environment, console);
                } catch (KtunException e) {
                    end = Ending.failed(e);
                }
                return finish(client, created, end, console);
            }
        }
    }

    private Intercept create(KubernetesClient client, List<InterceptPort> requested, String token) {
        Intercept intercept = InterceptRequest.of(client.getNamespace(), target.name(), requested, Identity.owner(), token, leaseSeconds);
        try {
            return client.resource(intercept).create();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "create", "intercepts.ktun.dev");
        }
    }

    private Ending run(KubernetesClient client, InterceptWatch watch, Intercept active, String token, Map<String, String> environment,
                       Console console)
            throws IOException, InterruptedException {
        List<PortClaim> claims = new ArrayList<>();
        Map<Integer, String> labels = new LinkedHashMap<>();
        for (ResolvedPort port : active.getStatus().getPorts()) {
            claims.add(new PortClaim(port.localPort(), port.proxyPort()));
            labels.put(port.proxyPort(), "svc/" + target.name() + ":" + port.port());
            console.say("intercepting svc/%s port %d%s -> localhost:%d", target.name(), port.port(),
                    port.name() == null ? "" : " (" + port.name() + ")", port.localPort());
        }
        EventLoopGroup group = Transport.group(1, "ktun-io");
        try (PortForwardBridge bridge = new PortForwardBridge(client, watch::proxy, console, e -> ending.complete(Ending.failed(e)))) {
            HostPort endpoint = tunnelEndpoint != null ? tunnelEndpoint : bridge.start();
            InterceptEvents events = new InterceptEvents(console, labels, () -> route(bridge), quiet);
            TunnelClient tunnel = new TunnelClient(group, endpoint, token, claims, TunnelSettings.defaults(Identity.current()), events,
                    TOKEN_PROPAGATION);
            tunnel.termination().whenComplete((ok, failure) -> {
                if (failure instanceof TunnelRefusedException refused) {
                    ending.complete(Ending.failed(new KtunException(ExitCode.FAILURE, "the proxy refused the tunnel: "
                            + refused.reason())));
                }
            });
            RunStateWriter state = new RunStateWriter(client.getNamespace(), active, labels, tunnel, () -> route(bridge));
            watch.startWatching(active);
            tunnel.start();
            state.start();
            console.say("waiting for callers; Ctrl-C to leave");
            ChildCommand child = command.isEmpty() ? null : ChildCommand.start(command, environment);
            if (child != null) {
                child.exit().thenAccept(code -> ending.complete(Ending.commandExited(code)));
            }
            try {
                return ending.join();
            } finally {
                state.close();
                if (child != null) {
                    child.stop();
                }
                tunnel.stop();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private String route(PortForwardBridge bridge) {
        if (tunnelEndpoint != null) {
            return "direct to " + tunnelEndpoint;
        }
        return bridge.connectedTo().map(p -> "port-forward to pod " + p.pod() + " port " + p.port()).orElse("port-forward");
    }

    private int finish(KubernetesClient client, Intercept created, Ending end, Console console) throws InterruptedException {
        if (end.message() != null) {
            console.say("%s", end.message());
        }
        String name = created.getMetadata().getName();
        if (end.interceptGone()) {
            // Already final or deleting in the cluster: delete what is left so `ktun list` does not keep showing it.
            deleteQuietly(client, name);
        } else {
            new Leave(client, console, LEAVE_TIMEOUT).end(name, target.name());
        }
        return end.exitCode();
    }

    private static void deleteQuietly(KubernetesClient client, String name) {
        try {
            client.resources(Intercept.class).withName(name).delete();
        } catch (KubernetesClientException e) {
            // it ended anyway; the operator garbage-collects the rest
        }
    }

    private Map<String, String> importEnvironment(KubernetesClient client, Service service, Console console) throws IOException {
        Map.Entry<PodEnvironment.Source, Map<String, String>> imported = new PodEnvironment(client).of(service, container);
        PodEnvironment.Source source = imported.getKey();
        DotEnv.write(envFile, "environment of container '" + source.container() + "' in pod " + source.pod() + " (svc/"
                + target.name() + ", namespace " + client.getNamespace() + "), written by ktun; may contain secrets", imported.getValue());
        console.say("wrote %d variables of container '%s' in pod %s to %s", imported.getValue().size(), source.container(),
                source.pod(), envFile);
        return imported.getValue();
    }

    private void warnAboutSilentLocalPorts(Console console) {
        for (InterceptPortOption port : ports) {
            if (!LocalPorts.listening(port.localPort())) {
                console.say("warning: nothing listens on localhost:%d yet; intercepted connections fail until your process "
                        + "starts there (ktun keeps going)", port.localPort());
            }
        }
    }
}
