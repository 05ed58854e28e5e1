package dev.ktun.client;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what the API server answered into a sentence a newcomer can act on, with the design's exit code: 403 says
 * which verb on which resource is missing and how to grant it, 404 on the Intercept API says the operator is
 * missing, a network failure says the cluster is unreachable.
 */
final class ClusterErrors {
    static final String INSTALL_OPERATOR = "helm install ktun charts/ktun --namespace ktun-system --create-namespace";
    private static final Pattern USER = Pattern.compile("User \"([^\"]+)\"");

    private final KubernetesClient client;

    ClusterErrors(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param verb what ktun tried, as RBAC names it (get, list, create, patch, delete)
     * @param resource the resource as RBAC names it, with its group: {@code intercepts.ktun.dev}, {@code services}
     */
    KtunException explain(KubernetesClientException e, String verb, String resource) {
        String namespace = client.getNamespace();
        if (isUnreachable(e)) {
            return new KtunException(ExitCode.CLUSTER, "cannot reach the cluster at " + client.getMasterUrl() + ": "
                    + rootMessage(e) + ". Is it running, and your VPN up? `kubectl cluster-info` should answer first.", e);
        }
        return switch (e.getCode()) {
            case 401 -> new KtunException(ExitCode.CLUSTER, "the cluster at " + client.getMasterUrl()
                    + " does not accept your credentials (401 Unauthorized): log in again (e.g. renew your cloud CLI's token)"
                    + " and check with `kubectl get pods -n " + namespace + "`.", e);
            case 403 -> forbidden(e, verb, resource, namespace);
            case 404 -> notFound(e, resource, namespace);
            default -> new KtunException(ExitCode.FAILURE, "the cluster refused to " + verb + " " + resource + " in namespace '"
                    + namespace + "': " + statusMessage(e), e);
        };
    }

    private static KtunException forbidden(KubernetesClientException e, String verb, String resource, String namespace) {
        String user = Optional.ofNullable(e.getStatus()).map(Status::getMessage).map(USER::matcher)
                .filter(Matcher::find).map(m -> m.group(1)).orElse("YOU");
        return new KtunException(ExitCode.CLUSTER, "you may not " + verb + " " + resource + " in namespace '" + namespace
                + "' (the cluster said: " + statusMessage(e) + "). ktun needs the ktun-developer ClusterRole there; "
                + "a cluster admin can grant it with: kubectl create rolebinding ktun-developer --clusterrole=ktun-developer --user="
                + user + " -n " + namespace, e);
    }

    private static KtunException notFound(KubernetesClientException e, String resource, String namespace) {
        String kind = Optional.ofNullable(e.getStatus()).map(Status::getDetails).map(d -> d.getKind()).orElse("");
        if (kind.equals("namespaces")) {
            return new KtunException(ExitCode.CLUSTER, "namespace '" + namespace + "' does not exist; pick one with -n "
                    + "(`kubectl get namespaces` lists them)", e);
        }
        if (resource.endsWith(".ktun.dev")) {
            return new KtunException(ExitCode.CLUSTER, "the ktun operator is not installed in this cluster (it has no "
                    + resource + " API). A cluster admin installs it once per cluster: " + INSTALL_OPERATOR + " (docs/install.md)", e);
        }
        return new KtunException(ExitCode.FAILURE, resource + " not found in namespace '" + namespace + "': " + statusMessage(e), e);
    }

    static boolean isUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String statusMessage(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(Status::getMessage).filter(m -> !m.isBlank()).orElse(rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
