package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptOwner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ktun leave}: ends intercepts and waits until their Services are given back. {@code --all} means all of
 * <em>yours</em>: ending a colleague's live session by accident is what kt-connect#299 was about.
 */
@Command(name = "leave", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class, sortOptions = false,
        description = {"End intercepts and wait until their Services send traffic to their own pods again.",
                "A running `ktun intercept` of the same Intercept notices and exits."},
        footer = {"", "Examples:", "  ktun leave api-alice-x7k2", "  ktun leave --all -n shop      (all of yours in shop)"})
final class LeaveCommand implements Callable<Integer> {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Intercepts to end (see `ktun list`).")
    private List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "End all of your intercepts (owner user@host of this machine) in the namespace.")
    private boolean all;

    @Option(names = "--force", description = "Also end an intercept that belongs to someone else.")
    private boolean force;

    @Mixin
    private KubeOptions kube;

    @Override
    public Integer call() throws InterruptedException {
        if (names.isEmpty() == !all) {
            throw new KtunException(ExitCode.USAGE, "say which intercepts to end: NAME... or --all (all of yours); `ktun list` shows them");
        }
        Console console = new Console(spec.commandLine().getErr());
        try (KubernetesClient client = kube.client()) {
            List<Intercept> chosen = all ? mine(client) : named(client);
            if (chosen.isEmpty()) {
                console.say("you have no intercepts in namespace '%s'", client.getNamespace());
                return ExitCode.OK;
            }
            boolean allRestored = true;
            Leave leave = new Leave(client, console, TIMEOUT);
            for (Intercept intercept : chosen) {
                allRestored &= leave.end(intercept.getMetadata().getName(), intercept.serviceName());
            }
            return allRestored ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    private List<Intercept> mine(KubernetesClient client) {
        InterceptOwner me = Identity.owner();
        return list(client).stream().filter(i -> me.equals(i.getSpec().owner())).toList();
    }

    private List<Intercept> named(KubernetesClient client) {
        List<Intercept> existing = list(client);
        List<Intercept> chosen = new ArrayList<>();
        InterceptOwner me = Identity.owner();
        for (String name : names) {
            Intercept intercept = existing.stream().filter(i -> i.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> notFound(client, name, existing));
            if (!me.equals(intercept.getSpec().owner()) && !force) {
                throw new KtunException(ExitCode.FAILURE, "Intercept '" + name + "' belongs to " + intercept.getSpec().owner().describe()
                        + ", not to you (" + me.describe() + "); ask them, or add --force to end it anyway");
            }
            chosen.add(intercept);
        }
        return chosen;
    }

    private static KtunException notFound(KubernetesClient client, String name, List<Intercept> existing) {
        List<String> close = CloseNames.to(name, existing.stream().map(i -> i.getMetadata().getName()).toList());
        return new KtunException(ExitCode.FAILURE, "no Intercept '" + name + "' in namespace '" + client.getNamespace() + "'"
                + (close.isEmpty() ? "; `ktun list` shows them" : "; did you mean: " + String.join(", ", close) + "?"));
    }

    private static List<Intercept> list(KubernetesClient client) {
        try {
            return client.resources(Intercept.class).list().getItems();
        } catch (KubernetesClientException e) {
            throw new ClusterErrors(client).explain(e, "list", "intercepts.ktun.dev");
        }
    }
}
