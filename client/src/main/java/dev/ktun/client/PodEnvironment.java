package dev.ktun.client;

import dev.ktun.api.KtunAnnotations;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment the Service's pods' container sees, so the local process starts with the same settings: literal
 * values, {@code configMapKeyRef}/{@code secretKeyRef}, {@code envFrom}, the pod fields of {@code fieldRef}, and
 * {@code $(VAR)} references, in the kubelet's order. A missing key that is not optional fails and says which.
 */
final class PodEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([-._a-zA-Z][-._a-zA-Z0-9]*)\\)");

    /** Where the environment came from, for the dotenv header and the user. */
    record Source(String pod, String container) {
    }

    private final KubernetesClient client;
    private final ClusterErrors errors;

    PodEnvironment(KubernetesClient client) {
        this.client = client;
        this.errors = new ClusterErrors(client);
    }

    /** A pod behind the Service (Ready first) and its container serving the Service (or the named one). */
    Map.Entry<Source, Map<String, String>> of(Service service, String containerName) {
        Pod pod = podBehind(service);
        Container container = containerOf(pod, service, containerName);
        Source source = new Source(pod.getMetadata().getName(), container.getName());
        return Map.entry(source, resolve(pod, container));
    }

    private Pod podBehind(Service service) {
        Map<String, String> selector = originalSelector(service);
        String name = service.getMetadata().getName();
        if (selector.isEmpty()) {
            throw new KtunException(ExitCode.FAILURE, "Service '" + name + "' has no selector, so it has no pods to read an environment from");
        }
        List<Pod> pods;
        try {
            pods = client.pods().withLabels(selector).list().getItems();
        } catch (KubernetesClientException e) {
            throw errors.explain(e, "list", "pods");
        }
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .min(Comparator.comparing((Pod p) -> !Readiness.isPodReady(p)).thenComparing(p -> p.getMetadata().getName()))
                .orElseThrow(() -> new KtunException(ExitCode.FAILURE, "no pod behind Service '" + name + "' (selector "
                        + selector + ") to read the environment from; is its workload scaled to zero?"));
    }

    /** While another developer intercepts the Service, its selector points to the proxy: its pods are in the annotation. */
    @SuppressWarnings("unchecked")
    private Map<String, String> originalSelector(Service service) {
        String recorded = service.getMetadata().getAnnotations() == null ? null
                : service.getMetadata().getAnnotations().get(KtunAnnotations.ORIGINAL_SELECTOR);
        if (recorded != null) {
            return client.getKubernetesSerialization().unmarshal(recorded, Map.class);
        }
        return service.getSpec().getSelector() == null ? Map.of() : service.getSpec().getSelector();
    }

    private static Container containerOf(Pod pod, Service service, String wanted) {
        List<Container> containers = pod.getSpec().getContainers();
        if (wanted != null) {
            return containers.stream().filter(c -> wanted.equals(c.getName())).findFirst().orElseThrow(() -> new KtunException(
                    ExitCode.FAILURE, "pod " + pod.getMetadata().getName() + " has no container '" + wanted + "'; it has: "
                    + containers.stream().map(Container::getName).toList()));
        }
        // The container that serves the Service's target ports is the one being replaced by the local process.
        return containers.stream()
                .filter(c -> c.getPorts() != null && c.getPorts().stream().anyMatch(p -> servesTarget(service, p.getContainerPort(), p.getName())))
                .findFirst()
                .orElse(containers.get(0));
    }

    private static boolean servesTarget(Service service, Integer port, String portName) {
        return service.getSpec().getPorts().stream().map(sp -> sp.getTargetPort()).filter(Objects::nonNull)
                .anyMatch(t -> t.getIntVal() != null ? t.getIntVal().equals(port) : t.getStrVal().equals(portName));
    }

    private Map<String, String> resolve(Pod pod, Container container) {
        String where = "container '" + container.getName() + "' of pod " + pod.getMetadata().getName();
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    ConfigMap map = configMap(from.getConfigMapRef().getName(), Boolean.TRUE.equals(from.getConfigMapRef().getOptional()), where);
                    if (map != null && map.getData() != null) {
                        map.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
                if (from.getSecretRef() != null) {
                    Secret secret = secret(from.getSecretRef().getName(), Boolean.TRUE.equals(from.getSecretRef().getOptional()), where);
                    if (secret != null && secret.getData() != null) {
                        secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                String value = variable.getValueFrom() != null
                        ? valueFrom(variable.getName(), variable.getValueFrom(), pod, where)
                        : expand(Objects.requireNonNullElse(variable.getValue(), ""), env::get);
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            }
        }
        return env;
    }

    private String valueFrom(String name, EnvVarSource source, Pod pod, String where) {
        String what = "env " + name + " of " + where;
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            ConfigMap map = configMap(ref.getName(), optional, what);
            String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null && map != null && !optional) {
                throw missingKey(what, "ConfigMap", ref.getName(), ref.getKey());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Secret secret = secret(ref.getName(), optional, what);
            String value = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
            if (value == null && secret != null && !optional) {
                throw missingKey(what, "Secret", ref.getName(), ref.getKey());
            }
            return value == null ? null : decode(value);
        }
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef());
        }
        // resourceFieldRef: the pod's limits say nothing true about this machine.
        return null;
    }

    private static KtunException missingKey(String what, String kind, String name, String key) {
        return new KtunException(ExitCode.FAILURE, what + ": " + kind + " '" + name + "' has no key '" + key + "'");
    }

    private static String field(Pod pod, ObjectFieldSelector selector) {
        String path = selector.getFieldPath();
        Matcher keyed = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (keyed.matches()) {
            Map<String, String> map = keyed.group(1).equals("labels") ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(keyed.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP" -> pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            case "status.hostIP" -> pod.getStatus() == null ? null : pod.getStatus().getHostIP();
            default -> null;
        };
    }

    private ConfigMap configMap(String name, boolean optional, String what) {
        ConfigMap map;
        try {
            map = client.configMaps().withName(name).get();
        } catch (KubernetesClientException e) {
            throw errors.explain(e, "get", "configmaps");
        }
        if (map == null && !optional) {
            throw new KtunException(ExitCode.FAILURE, what + ": ConfigMap '" + name + "' does not exist");
        }
        return map;
    }

    private Secret secret(String name, boolean optional, String what) {
        Secret secret;
        try {
            secret = client.secrets().withName(name).get();
        } catch (KubernetesClientException e) {
            throw errors.explain(e, "get", "secrets");
        }
        if (secret == null && !optional) {
            throw new KtunException(ExitCode.FAILURE, what + ": Secret '" + name + "' does not exist");
        }
        return secret;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** Kubernetes' {@code $(VAR)}: a variable defined earlier; unknown references and {@code $$} stay as the kubelet leaves them. */
    static String expand(String value, Function<String, String> defined) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String known = defined.apply(m.group(1));
                replacement = known != null ? known : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

}
