package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.ResolvedPort;
import dev.ktun.tunnel.Tokens;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
                "  ktun intercept svc/api --port 8080 --outbound-namespace db -- java -jar api.jar",
                "      the app calls orders:8080 (namespace of api) and postgres.db:5432 by their cluster names",
                "", "Exit codes: 0 ok, 1 failure (or the intercept ended in the cluster), 2 usage, 3 cluster/config, "
                + "130 interrupted; with -- CMD, the command's exit code."})
final class InterceptCommand implements Callable<Integer> {
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(30);

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

    @Mixin
    private ProxyOptions proxy;

    @Option(names = {"-q", "--quiet"}, description = "Do not print a line per intercepted connection.")
    private boolean quiet;

    @Option(names = "--outbound-namespace", paramLabel = "NAMESPACE",
            description = "Also give this machine the Service names of NAMESPACE (repeatable; the intercept's own namespace "
                    + "always): short names resolve in the intercept's namespace first, then these, in order.")
    private List<String> outboundNamespaces = new ArrayList<>();

    @Option(names = "--no-outbound",
            description = "Do not give this machine the cluster's Service names (no local resolver, listeners or JVM agent).")
    private boolean noOutbound;

    @Mixin
    private OutboundOptions outboundOptions;

    @Mixin
    private KubeOptions kube;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "After --: a command to run for the life of the intercept.")
    private List<String> command = new ArrayList<>();

    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    @Override
    public Integer call() throws Exception {
        Console console = new Console(spec.commandLine().getErr());
        proxy.validate();
        // While the cluster is asked and the operator starts the proxy; it ends on its own.
        TunnelRehearsal.startInBackground();
        try (KubernetesClient client = kube.client()) {
            ServiceCheck check = new ServiceCheck(client);
            Service service = check.find(target);
            List<InterceptPort> requested = ServiceCheck.ports(service, ports);
            Map<String, String> environment = envFile != null ? importEnvironment(client, service, console) : Map.of();
            if (command.isEmpty()) {
                warnAboutSilentLocalPorts(console);
            }
            String token = Tokens.fresh();
            Intercept request = InterceptRequest.of(client.getNamespace(), target.name(), requested, Identity.owner(), token,
                    proxy.leaseSeconds);
            Activation<Intercept> activation = Activation.following(client, InterceptKind.INSTANCE, request, console,
                    proxy.timeout(), proxy.portForward());
            Intercept created;
            try {
                created = create(client, request);
            } catch (RuntimeException e) {
                activation.close();
                throw e;
            }
            console.say("created Intercept '%s' for svc/%s in namespace '%s'", created.getMetadata().getName(), target.name(),
                    client.getNamespace());
            try (Interrupts interrupts = Interrupts.install(console, () -> ending.complete(Ending.interrupted()));
                 LeaseWatch<Intercept> watch = new LeaseWatch<>(client, InterceptKind.INSTANCE, created, console, ending::complete)) {
                watch.startRenewing();
                Ending end;
                // Closed before the leave: the proxy hears GOAWAY and sends callers to the origin at once.
                try (InterceptTunnel tunnel = new InterceptTunnel(client, watch::proxy, proxy.tunnelEndpoint, token, quiet, console,
                        ending::complete)) {
                    Intercept active = activation.awaitUnless(created, ending, tunnel::seen);
                    end = active == null ? ending.join() : run(client, watch, active, tunnel, environment, console);
                } catch (KtunException e) {
                    end = Ending.failed(e);
                }
                return finish(client, created, end, console);
            }
        }
    }

    private static Intercept create(KubernetesClient client, Intercept request) {
        try {
            return client.resource(request).create();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "create", "intercepts.ktun.dev");
        }
    }

    private Ending run(KubernetesClient client, LeaseWatch<Intercept> watch, Intercept active, InterceptTunnel tunnel,
                       Map<String, String> environment, Console console) throws IOException, InterruptedException {
        for (ResolvedPort port : active.getStatus().getPorts()) {
            console.say("intercepting svc/%s port %d%s -> localhost:%d", target.name(), port.port(),
                    port.name() == null ? "" : " (" + port.name() + ")", port.localPort());
        }
        watch.startWatching(active);
        tunnel.activated();
        OutboundSession outbound = startOutbound(client, tunnel.tunnel(), console);
        console.say("waiting for callers; Ctrl-C to leave");
        ChildCommand child = command.isEmpty() ? null : ChildCommand.start(command, childEnvironment(environment, outbound, console));
        if (child != null) {
            child.exit().thenAccept(code -> ending.complete(Ending.commandExited(code)));
        }
        try {
            return ending.join();
        } finally {
            if (child != null) {
                child.stop();
            }
            if (outbound != null) {
                outbound.close();
            }
        }
    }

    /** Outbound is a bonus to the intercept: when it cannot start, the intercept goes on without it. */
    private OutboundSession startOutbound(KubernetesClient client, ProxyTunnel tunnel, Console console) {
        if (noOutbound) {
            return null;
        }
        List<String> namespaces = new ArrayList<>(List.of(client.getNamespace()));
        outboundNamespaces.stream().filter(ns -> !namespaces.contains(ns)).forEach(namespaces::add);
        try {
            return OutboundSession.start(client, namespaces, outboundOptions, tunnel::current, console);
        } catch (KtunException e) {
            console.say("%s; the intercept goes on without cluster names (--no-outbound silences this)", e.getMessage());
            return null;
        }
    }

    /** The pod's environment, and for any JVM the command starts (java, Gradle, Maven...) the DNS agent. */
    private static Map<String, String> childEnvironment(Map<String, String> environment, OutboundSession outbound, Console console)
            throws IOException {
        if (outbound == null) {
            return environment;
        }
        Map<String, String> child = new LinkedHashMap<>(environment);
        String option = outbound.javaAgentOption();
        child.put(JavaToolOptions.NAME, JavaToolOptions.adding(option, environment.getOrDefault(JavaToolOptions.NAME,
                System.getenv(JavaToolOptions.NAME))));
        console.say("JVMs the command starts resolve cluster names through %s=%s", JavaToolOptions.NAME, option);
        return child;
    }

    private int finish(KubernetesClient client, Intercept created, Ending end, Console console) throws InterruptedException {
        if (end.message() != null) {
            console.say("%s", end.message());
        }
        String name = created.getMetadata().getName();
        if (end.resourceGone()) {
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
