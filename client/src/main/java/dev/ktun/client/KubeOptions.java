package dev.ktun.client;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which cluster and namespace, as kubectl chooses them. The only place a {@link KubernetesClient} is built: every
 * command that talks to the cluster mixes this in.
 */
final class KubeOptions {
    /** Short timeouts: a newcomer whose VPN is down should hear about it in seconds, not after fabric8's retries. */
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int REQUEST_TIMEOUT_MILLIS = 15_000;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace (default: the kubeconfig context's namespace, else 'default'); ktun connect takes several.")
    private List<String> namespaces = new ArrayList<>();

    @Option(names = "--context", paramLabel = "CONTEXT", description = "kubeconfig context (default: the current one).")
    private String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    private Path kubeconfig;

    /** A client for the chosen cluster; fails with exit code 3 and a way forward when there is no kubeconfig. */
    KubernetesClient client() {
        if (namespaces.size() > 1) {
            throw new KtunException(ExitCode.USAGE, "-n/--namespace was given " + namespaces.size() + " times; this command works "
                    + "in one namespace (only ktun connect follows several)");
        }
        return build();
    }

    /** For commands that follow several namespaces: a client working in the first one. */
    KubernetesClient clientForFirst() {
        return build();
    }

    /** The namespaces given with -n, in order; the client's own namespace when none was. */
    List<String> namespaces(KubernetesClient client) {
        return namespaces.isEmpty() ? List.of(client.getNamespace()) : List.copyOf(new LinkedHashSet<>(namespaces));
    }

    private KubernetesClient build() {
        Config config = config();
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
        // Retries are ktun's business (lease renewal, reconnect): one failed call should say so at once.
        config.setRequestRetryBackoffLimit(0);
        if (!namespaces.isEmpty()) {
            config.setNamespace(namespaces.get(0));
        } else if (config.getNamespace() == null) {
            config.setNamespace("default");
        }
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    private Config config() {
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw new KtunException(ExitCode.CLUSTER, "no kubeconfig at " + kubeconfig + " (--kubeconfig); "
                        + "give the file kubectl uses, e.g. --kubeconfig ~/.kube/config");
            }
            return fromFile(kubeconfig.toFile());
        }
        Optional<Path> found = locate(System.getenv(), Path.of(System.getProperty("user.home")));
        if (found.isPresent()) {
            return fromFile(found.get().toFile());
        }
        if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            return Config.autoConfigure(context);
        }
        throw new KtunException(ExitCode.CLUSTER, noKubeconfig(System.getenv()));
    }

    private Config fromFile(File file) {
        try {
            return Config.fromKubeconfig(context, file);
        } catch (RuntimeException e) {
            throw new KtunException(ExitCode.CLUSTER, "cannot use kubeconfig " + file + ": " + e.getMessage()
                    + (context != null ? " (is there a context named '" + context + "'? `kubectl config get-contexts`)" : ""), e);
        }
    }

    /** Where kubectl would look: the first existing file of $KUBECONFIG, else ~/.kube/config. */
    static Optional<Path> locate(Map<String, String> env, Path home) {
        String list = env.get("KUBECONFIG");
        if (list != null && !list.isBlank()) {
            for (String entry : list.split(File.pathSeparator)) {
                if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
                    return Optional.of(Path.of(entry));
                }
            }
        }
        Path standard = home.resolve(".kube").resolve("config");
        return Files.isRegularFile(standard) ? Optional.of(standard) : Optional.empty();
    }

    static String noKubeconfig(Map<String, String> env) {
        String kubeconfigVar = env.get("KUBECONFIG");
        return "no kubeconfig found (looked at " + (kubeconfigVar == null ? "$KUBECONFIG (unset)" : "$KUBECONFIG=" + kubeconfigVar)
                + " and ~/.kube/config). ktun talks to your cluster like kubectl does: make `kubectl get pods` work first, "
                + "or pass --kubeconfig FILE. No cluster at hand? `ktun demo` shows the whole flow on a simulated one.";
    }
}
