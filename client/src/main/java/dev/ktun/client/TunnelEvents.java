package dev.ktun.client;

import dev.ktun.tunnel.Claim;
import dev.ktun.tunnel.Reason;
import dev.ktun.tunnel.TunnelSession;
import java.util.Map;

/** What happens to a client's tunnel, for the person watching: one line each. */
interface TunnelEvents {
    void connected(TunnelSession session);

    void claimed(Map<Integer, Claim.Status> answer);

    void lost(Reason reason);

    void reconnecting(int attempt, long delayMillis, Throwable cause);

    /** A caller in the cluster reached a claimed port; {@code error} is null when the local process took it. */
    void incoming(String from, int proxyPort, int localPort, String error);

    /** A local connection to a forward arrived while no tunnel was up. */
    void dropped(String forward);
}
