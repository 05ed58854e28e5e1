package dev.ktun.client;

import dev.ktun.tunnel.HostPort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The tunnel's way into the cluster: listens on 127.0.0.1 (port chosen by the OS) and turns each accepted
 * connection — there is one at a time, the {@link TunnelClient}'s — into one {@link PodPortForward} to the proxy pod.
 * Each connection asks anew which pod that is, so a reconnect after the proxy pod was replaced reaches the new one.
 */
final class PortForwardBridge implements AutoCloseable {
    private static final long OPEN_TIMEOUT_SECONDS = 15;

    /** Where the tunnel must go now: the proxy pod and its tunnel port. */
    record PodPort(String pod, int port) {
    }

    private final KubernetesClient client;
    private final Supplier<Optional<PodPort>> target;
    private final Console console;
    private final Consumer<KtunException> fatal;
    private ServerSocket listener;
    private volatile PodPortForward current;
    private volatile PodPort currentTarget;
    private String lastProblem;

    /**
     * @param fatal told when port-forwarding can never work (RBAC denies it): retrying would only spin
     */
    PortForwardBridge(KubernetesClient client, Supplier<Optional<PodPort>> target, Console console, Consumer<KtunException> fatal) {
        this.client = client;
        this.target = target;
        this.console = console;
        this.fatal = fatal;
    }

    HostPort start() throws IOException {
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        Thread accept = new Thread(this::acceptLoop, "ktun-port-forward-bridge");
        accept.setDaemon(true);
        accept.start();
        return new HostPort(listener.getInetAddress().getHostAddress(), listener.getLocalPort());
    }

    /** The pod the tunnel goes to now, if a port-forward is open. */
    Optional<PodPort> connectedTo() {
        PodPortForward forward = current;
        return forward != null && !forward.closed().isDone() ? Optional.ofNullable(currentTarget) : Optional.empty();
    }

    /** Ends the open port-forward, as a network drop would: the tunnel notices and reconnects through a new one. */
    void dropCurrent(String reason) {
        PodPortForward forward = current;
        if (forward != null) {
            forward.close(reason);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            dropCurrent("replaced by a new tunnel connection");
            forward(socket);
        }
    }

    private void forward(Socket socket) {
        Optional<PodPort> pod = target.get();
        if (pod.isEmpty()) {
            problem("no ready proxy pod right now; the tunnel retries");
            closeQuietly(socket);
            return;
        }
        PodPortForward forward = null;
        try {
            socket.setTcpNoDelay(true);
            forward = new PodPortForward(socket);
            // Known before the WebSocket opens: the tunnel's handshake may complete before open() returns, and its
            // "tunnel up" line names the pod.
            currentTarget = pod.get();
            current = forward;
            forward.open(client, client.getNamespace(), pod.get().pod(), pod.get().port()).get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            lastProblem = null;
        } catch (ExecutionException e) {
            closeQuietly(forward, socket);
            if (e.getCause() instanceof WebSocketHandshakeException handshake && handshake.getResponse().code() == 403) {
                fatal.accept(new KtunException(ExitCode.CLUSTER, "you may not port-forward to pods in namespace '"
                        + client.getNamespace() + "' (403 on pods/portforward), which the tunnel needs; a cluster admin can grant "
                        + "it with the ktun-developer ClusterRole: kubectl create rolebinding ktun-developer "
                        + "--clusterrole=ktun-developer --user=YOU -n " + client.getNamespace()));
                return;
            }
            problem("port-forward to pod " + pod.get().pod() + " failed: " + describe(e.getCause()) + "; the tunnel retries");
        } catch (TimeoutException | IOException e) {
            closeQuietly(forward, socket);
            problem("port-forward to pod " + pod.get().pod() + " did not open: " + describe(e) + "; the tunnel retries");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(forward, socket);
        }
    }

    /** A port-forward that did not open is over, so that {@link #connectedTo()} does not name its pod. */
    private static void closeQuietly(PodPortForward forward, Socket socket) {
        if (forward != null) {
            forward.close("it did not open");
        }
        closeQuietly(socket);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException handshake) {
            return "the API server answered " + handshake.getResponse().code();
        }
        return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
    }

    /** Says a problem once, not on every retry of the tunnel's backoff. */
    private void problem(String text) {
        if (!text.equals(lastProblem)) {
            console.say("%s", text);
            lastProblem = text;
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        dropCurrent("ktun is leaving");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // nothing more to do with it
        }
    }
}
