package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptOwner;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ktun status}: is the cluster reachable, is the operator there, and what are this machine's intercepts doing.
 * The tunnel's state comes from the running {@code ktun intercept} processes' {@link RunState} files, so a separate
 * process can tell "tunnel up, 1.2 ms" from "reconnecting" and from "that process is gone".
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class, sortOptions = false,
        description = {"Show the cluster, the ktun operator, and this machine's intercepts with their tunnels."},
        footer = {"", "Examples:", "  ktun status", "  ktun status -o json"})
final class StatusCommand implements Callable<Integer> {
    private static final Map<String, String> OPERATOR_POD = Map.of("app.kubernetes.io/part-of", "ktun", "app.kubernetes.io/component", "operator");

    @Spec
    private CommandSpec spec;

    @Mixin
    private OutputOptions output;

    @Mixin
    private KubeOptions kube;

    @Override
    public Integer call() {
        Path runDirectory = RunState.directory();
        List<RunState> local = new ArrayList<>();
        for (RunState state : RunState.readAll(runDirectory)) {
            if (state.processAlive()) {
                local.add(state);
            } else {
                state.delete(runDirectory);
            }
        }
        try (KubernetesClient client = kube.client()) {
            InterceptOwner me = Identity.owner();
            List<Intercept> mine;
            try {
                mine = client.resources(Intercept.class).list().getItems().stream()
                        .filter(i -> me.equals(i.getSpec().owner())).toList();
            } catch (KubernetesClientException e) {
                throw new ClusterErrors(client).explain(e, "list", "intercepts.ktun.dev");
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("cluster", client.getMasterUrl().toString());
            report.put("namespace", client.getNamespace());
            report.put("you", me.describe());
            report.put("operator", operator(client));
            List<Map<String, Object>> intercepts = new ArrayList<>();
            for (Intercept intercept : mine) {
                Map<String, Object> row = ListCommand.row(intercept);
                row.put("age", Age.since(intercept.getMetadata().getCreationTimestamp(), Instant.now()));
                row.put("local", local.stream().filter(s -> s.intercept().equals(intercept.getMetadata().getName())
                        && s.namespace().equals(intercept.getMetadata().getNamespace())).findFirst().orElse(null));
                intercepts.add(row);
            }
            report.put("intercepts", intercepts);
            if (output.json()) {
                OutputOptions.printJson(spec.commandLine().getOut(), report);
            } else {
                text(spec.commandLine().getOut(), report, intercepts);
            }
            return ExitCode.OK;
        }
    }

    /** The operator's pods and version, when this user may see them (developers usually may not, outside their namespace). */
    private static Map<String, Object> operator(KubernetesClient client) {
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("installed", true);
        try {
            List<Pod> pods = client.pods().inAnyNamespace().withLabels(OPERATOR_POD).list().getItems();
            operator.put("pods", pods.stream().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).toList());
            operator.put("ready", pods.stream().filter(Readiness::isPodReady).count());
            pods.stream().map(p -> p.getMetadata().getLabels().get("app.kubernetes.io/version")).filter(v -> v != null).findFirst()
                    .ifPresent(v -> operator.put("version", v));
        } catch (KubernetesClientException e) {
            operator.put("pods", null);
        }
        return operator;
    }


    @SuppressWarnings("unchecked")
    private static void text(PrintWriter out, Map<String, Object> report, List<Map<String, Object>> intercepts) {
        out.printf("cluster:    %s (namespace %s)%n", report.get("cluster"), report.get("namespace"));
        Map<String, Object> operator = (Map<String, Object>) report.get("operator");
        List<String> pods = (List<String>) operator.get("pods");
        out.printf("operator:   installed (the Intercept API answers)%s%n", pods == null ? "; its pods are not visible to you"
                : pods.isEmpty() ? "; but no operator pod runs: intercepts will stay Pending"
                : "; " + operator.get("ready") + "/" + pods.size() + " pod(s) ready"
                + Optional.ofNullable(operator.get("version")).map(v -> ", version " + v).orElse(""));
        out.printf("you:        %s%n", report.get("you"));
        if (intercepts.isEmpty()) {
            out.println("intercepts: none of yours in this namespace (`ktun intercept svc/NAME --port LOCAL` starts one)");
        }
        for (Map<String, Object> row : intercepts) {
            out.printf("intercept:  %s   svc/%s   %s   %s%n", row.get("name"), row.get("service"), row.get("phase"), row.get("age"));
            RunState state = (RunState) row.get("local");
            if (state == null) {
                out.println("            no ktun on this machine runs it (its lease runs out, or `ktun leave` ends it now)");
                continue;
            }
            state.ports().forEach(p -> out.printf("            %s%n", p));
            out.printf("            tunnel %s, %s%s, %s in / %s out (pid %d)%n", state.tunnel(), state.route(),
                    state.rttMillis() == null ? "" : String.format(", rtt %.1f ms", state.rttMillis()),
                    bytes(state.bytesIn()), bytes(state.bytesOut()), state.pid());
        }
        out.flush();
    }

    private static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        if (count < 1024 * 1024) {
            return String.format("%.1f KiB", count / 1024.0);
        }
        return String.format("%.1f MiB", count / (1024.0 * 1024));
    }
}
