package dev.ktun.client.sim;

import dev.ktun.tunnel.HostPort;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;

/**
 * The API server's and kubelet's side of one port-forward: announces the port on the data and error channels, then
 * copies channel-0 messages to the pod port and the pod port's bytes back as channel-0 messages.
 */
final class PortForwardSession extends WebSocketListener {
    /** Vert.x (the mock server) refuses WebSocket frames over 64 KiB. */
    private static final int MAX_MESSAGE = 64 * 1024;

    private final int port;
    private final HostPort target;
    private final Set<PortForwardSession> sessions;
    private volatile Socket pod;
    private volatile WebSocket webSocket;

    PortForwardSession(int port, HostPort target, Set<PortForwardSession> sessions) {
        this.port = port;
        this.target = target;
        this.sessions = sessions;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        webSocket = ws;
        sessions.add(this);
        byte[] header = {0, (byte) (port & 0xff), (byte) (port >> 8)};
        ws.send(header.clone());
        header[0] = 1;
        ws.send(header);
        try {
            pod = new Socket();
            pod.connect(target.toAddress(), 2000);
            pod.setTcpNoDelay(true);
        } catch (IOException e) {
            ws.send(("\1error forwarding port " + port + ": " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            drop();
            return;
        }
        Thread pump = new Thread(this::pumpFromPod, "sim-port-forward-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    private void pumpFromPod() {
        byte[] buffer = new byte[MAX_MESSAGE];
        try (InputStream in = pod.getInputStream()) {
            int n;
            while ((n = in.read(buffer, 1, MAX_MESSAGE - 1)) >= 0) {
                byte[] message = Arrays.copyOf(buffer, n + 1);
                message[0] = 0;
                webSocket.send(message);
            }
        } catch (IOException e) {
            // the pod side ended; so does the port-forward
        }
        drop();
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != 0 || pod == null) {
            return;
        }
        try {
            pod.getOutputStream().write(bytes, 1, bytes.length - 1);
        } catch (IOException e) {
            drop();
        }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        drop();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        drop();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable error, Response response) {
        drop();
    }

    void drop() {
        if (sessions.remove(this)) {
            Relay.closeQuietly(pod);
            WebSocket ws = webSocket;
            if (ws != null) {
                ws.close(1000, "port-forward ended");
            }
        }
    }
}
