package dev.ktun.client.sim;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock API server's dispatcher plus what it lacks: {@code pods/portforward} as a real WebSocket
 * ({@code v4.channel.k8s.io}) to wherever the pod's port is on the {@link PodNetwork}. Everything else goes to
 * fabric8's mixed dispatcher: expectations first (tests script 403s and 404s with them), then CRUD.
 */
final class PortForwardDispatcher extends Dispatcher implements CustomResourceAware {
    private static final Pattern PORT_FORWARD = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward\\?ports=(\\d+)");

    private final KubernetesMixedDispatcher delegate;
    private final PodNetwork network;
    private final Set<PortForwardSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean forbidden;

    PortForwardDispatcher(KubernetesMixedDispatcher delegate, PodNetwork network) {
        this.delegate = delegate;
        this.network = network;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = PORT_FORWARD.matcher(request.getPath());
        if (!"GET".equals(request.getMethod()) || !m.matches()) {
            return delegate.dispatch(request);
        }
        String namespace = m.group(1);
        String pod = m.group(2);
        if (forbidden) {
            return status(403, "Forbidden", "pods \\\"" + pod + "\\\" is forbidden: User \\\"developer\\\" cannot create resource"
                    + " \\\"pods/portforward\\\" in API group \\\"\\\" in the namespace \\\"" + namespace + "\\\"", pod);
        }
        int port = Integer.parseInt(m.group(3));
        return network.resolve(namespace, pod, port)
                .map(target -> new MockResponse().withWebSocketUpgrade(new PortForwardSession(port, target, sessions)))
                .orElseGet(() -> status(404, "NotFound", "pods \\\"" + pod + "\\\" not found", pod));
    }

    private static MockResponse status(int code, String reason, String message, String pod) {
        return new MockResponse().setResponseCode(code).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"" + message + "\",\"reason\":\"" + reason + "\",\"details\":{\"name\":\"" + pod
                + "\",\"kind\":\"pods\"},\"code\":" + code + "}");
    }

    /** From now on, answer port-forwards as an API server does for a user without {@code pods/portforward}. */
    void forbid() {
        forbidden = true;
    }

    /** Ends every open port-forward, as an API server restart or a laptop's network change would. */
    void dropAll() {
        sessions.forEach(PortForwardSession::drop);
    }

    int openCount() {
        return sessions.size();
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext rdc) {
        delegate.expectCustomResource(rdc);
    }

    @Override
    public void shutdown() {
        dropAll();
        delegate.shutdown();
    }
}
