package dev.ktun.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One Kubernetes API port-forward to one pod port: a single WebSocket ({@code v4.channel.k8s.io}) pumped to and from
 * a local socket. Unlike fabric8's {@code LocalPortForward} (a WebSocket per connection, 4 KiB messages, 50 ms polls)
 * it carries messages of up to {@link #MAX_MESSAGE} bytes and pushes back on both sides: the next WebSocket message is
 * requested only once the previous one is written to the socket, and the socket is read only while the WebSocket's
 * send queue is short.
 *
 * <p>Protocol: every message starts with a channel byte, 0 for data and 1 for errors; the first message on each
 * channel carries only the port number.
 */
final class PodPortForward implements WebSocket.Listener {
    static final int MAX_MESSAGE = 64 * 1024;
    private static final long MAX_QUEUED = 4L * 1024 * 1024;

    private final Socket local;
    private final OutputStream toLocal;
    private final boolean[] portHeaderSeen = new boolean[2];
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile WebSocket webSocket;

    /** @param local the socket to pump to and from, once {@link #open} succeeded */
    PodPortForward(Socket local) throws IOException {
        this.local = local;
        this.toLocal = local.getOutputStream();
    }

    /**
     * Opens the WebSocket; fails with fabric8's {@code WebSocketHandshakeException} when the API server says no. Bytes
     * flow as soon as it is open, possibly before the returned future completes.
     */
    CompletableFuture<PodPortForward> open(KubernetesClient client, String namespace, String pod, int port) {
        URI uri = URI.create(URLUtils.join(client.getMasterUrl().toString(),
                "api/v1/namespaces/" + namespace + "/pods/" + pod + "/portforward?ports=" + port));
        return client.getHttpClient().newWebSocketBuilder()
                .uri(uri)
                .subprotocol("v4.channel.k8s.io")
                .buildAsync(this)
                .thenApply(ws -> this);
    }

    /** Completes with the reason when the WebSocket or the local socket ended. */
    CompletableFuture<String> closed() {
        return closed;
    }

    void close(String reason) {
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.sendClose(1000, reason);
        }
        finish(reason);
    }

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
        Thread pump = new Thread(() -> pumpToCluster(ws), "ktun-port-forward-up");
        pump.setDaemon(true);
        pump.start();
    }

    private void pumpToCluster(WebSocket ws) {
        byte[] read = new byte[MAX_MESSAGE];
        try (InputStream in = local.getInputStream()) {
            while (!closed.isDone()) {
                int n = in.read(read, 1, MAX_MESSAGE - 1);
                if (n < 0) {
                    close("the local end closed");
                    return;
                }
                // A fresh array per message, because the WebSocket may still hold the previous one in its send
                // queue; sized to what was read (byte 0 is the data channel, 0), so a small request stays small.
                ws.send(ByteBuffer.wrap(Arrays.copyOf(read, n + 1)));
                while (ws.queueSize() > MAX_QUEUED && !closed.isDone()) {
                    Thread.sleep(1);
                }
            }
        } catch (IOException e) {
            close("reading the local end failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close("interrupted");
        }
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer message) {
        if (!message.hasRemaining()) {
            ws.request();
            return;
        }
        int channel = message.get();
        if (channel < 0 || channel > 1) {
            close("protocol error: channel " + channel);
            return;
        }
        if (!portHeaderSeen[channel]) {
            portHeaderSeen[channel] = true;
        } else if (channel == 1) {
            // The kubelet could not reach the pod port (e.g. "connection refused"): this port-forward is over.
            close("the cluster could not reach the pod port: " + StandardCharsets.UTF_8.decode(message));
            return;
        } else {
            try {
                if (message.hasArray()) {
                    toLocal.write(message.array(), message.arrayOffset() + message.position(), message.remaining());
                } else {
                    byte[] copy = new byte[message.remaining()];
                    message.get(copy);
                    toLocal.write(copy);
                }
                toLocal.flush();
            } catch (IOException e) {
                close("writing to the local end failed: " + e.getMessage());
                return;
            }
        }
        ws.request();
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        onMessage(ws, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        finish("closed by the cluster (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")");
    }

    @Override
    public void onError(WebSocket ws, Throwable cause) {
        finish(String.valueOf(cause.getMessage()));
    }

    private void finish(String reason) {
        if (closed.complete(reason)) {
            try {
                local.close();
            } catch (IOException e) {
                // closing is all that is left to do; nothing to report
            }
        }
    }
}
