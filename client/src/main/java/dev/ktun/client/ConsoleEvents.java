package dev.ktun.client;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.Reason;
import dev.ktun.tunnel.TunnelSession;
import java.io.PrintWriter;
import java.util.Map;

/** Tunnel events as short lines on stderr (stdout stays for data). */
final class ConsoleEvents implements TunnelEvents {
    private final PrintWriter err;
    private final boolean quiet;

    ConsoleEvents(PrintWriter err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void connected(TunnelSession session) {
        say("tunnel up to %s (%s)", session.channel().remoteAddress(), session.peerId());
    }

    @Override
    public void claimed(Map<Integer, Claim.Status> answer) {
        answer.forEach((port, status) -> {
            if (status == Claim.Status.GRANTED) {
                say("proxy port %d now delivers here", port);
            } else {
                say("proxy port %d was not granted: the proxy has no route on that port; check --port LOCAL:PROXYPORT", port);
            }
        });
    }

    @Override
    public void lost(Reason reason) {
        say("tunnel lost: %s", reason);
    }

    @Override
    public void reconnecting(int attempt, long delayMillis, Throwable cause) {
        say("reconnecting in %.1f s (attempt %d%s)", delayMillis / 1000.0, attempt,
                cause == null ? "" : ", last error: " + dev.ktun.tunnel.Sockets.describe(cause));
    }

    @Override
    public void incoming(String from, int proxyPort, int localPort, String error) {
        if (error != null) {
            say("connection from %s to port %d could not reach localhost:%d: %s — is your process listening?",
                    from, proxyPort, localPort, error);
        } else if (!quiet) {
            say("%s -> :%d -> localhost:%d", from, proxyPort, localPort);
        }
    }

    @Override
    public void dropped(String forward) {
        say("no tunnel right now: dropped a connection to %s", forward);
    }

    private void say(String format, Object... args) {
        err.println("ktun: " + String.format(format, args));
        err.flush();
    }
}
