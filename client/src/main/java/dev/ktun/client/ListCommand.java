package dev.ktun.client;

import dev.ktun.api.Intercept;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ktun list}: the Intercepts in a namespace (everyone's), like {@code kubectl get ic}. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class, aliases = "ls", sortOptions = false,
        description = "List the intercepts in the namespace: name, service, owner, mode, phase, age.",
        footer = {"", "Examples:", "  ktun list -n shop", "  ktun list -A -o json"})
final class ListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-A", "--all-namespaces"}, description = "List the intercepts of every namespace.")
    private boolean allNamespaces;

    @Mixin
    private OutputOptions output;

    @Mixin
    private KubeOptions kube;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = kube.client()) {
            List<Intercept> intercepts;
            try {
                intercepts = allNamespaces
                        ? client.resources(Intercept.class).inAnyNamespace().list().getItems()
                        : client.resources(Intercept.class).list().getItems();
            } catch (KubernetesClientException e) {
                throw new ClusterErrors(client).explain(e, "list", "intercepts.ktun.dev");
            }
            intercepts = intercepts.stream()
                    .sorted(Comparator.comparing((Intercept i) -> i.getMetadata().getNamespace()).thenComparing(i -> i.getMetadata().getName()))
                    .toList();
            if (output.json()) {
                OutputOptions.printJson(out, intercepts.stream().map(ListCommand::row).toList());
            } else if (intercepts.isEmpty()) {
                spec.commandLine().getErr().println("ktun: no intercepts in " + (allNamespaces ? "any namespace"
                        : "namespace '" + client.getNamespace() + "'"));
            } else {
                table(out, intercepts);
            }
            return ExitCode.OK;
        }
    }

    static Map<String, Object> row(Intercept i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", i.getMetadata().getName());
        row.put("namespace", i.getMetadata().getNamespace());
        row.put("service", i.serviceName());
        row.put("owner", i.getSpec().owner().describe());
        row.put("mode", i.getSpec().modeOrDefault().name().toLowerCase());
        row.put("phase", i.phase().name().charAt(0) + i.phase().name().substring(1).toLowerCase());
        row.put("created", i.getMetadata().getCreationTimestamp());
        row.put("message", i.getStatus() == null ? null : i.getStatus().getMessage());
        return row;
    }

    private void table(PrintWriter out, List<Intercept> intercepts) {
        Instant now = Instant.now();
        List<String[]> rows = new ArrayList<>();
        rows.add(allNamespaces ? new String[] {"NAMESPACE", "NAME", "SERVICE", "OWNER", "MODE", "PHASE", "AGE"}
                : new String[] {"NAME", "SERVICE", "OWNER", "MODE", "PHASE", "AGE"});
        for (Intercept i : intercepts) {
            Map<String, Object> r = row(i);
            List<String> cells = new ArrayList<>();
            if (allNamespaces) {
                cells.add(i.getMetadata().getNamespace());
            }
            cells.addAll(List.of((String) r.get("name"), (String) r.get("service"), (String) r.get("owner"), (String) r.get("mode"),
                    (String) r.get("phase"), Age.since(i.getMetadata().getCreationTimestamp(), now)));
            rows.add(cells.toArray(String[]::new));
        }
        Table.print(out, rows);
    }
}
