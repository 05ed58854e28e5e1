package dev.ktun.tunnel;

import java.time.Duration;

/**
 * How one side runs its tunnels.
 *
 * @param windows     the credit this side grants its peer
 * @param pingInterval how often to ping; also how often the dead-peer check runs
 * @param deadAfter   silence after which the peer counts as gone
 * @param handshakeTimeout how long the HELLO/WELCOME exchange may take
 * @param selfId      who this side is, for the peer's logs ("alice@laptop", "ktun-proxy-api-7c9f")
 */
public record TunnelSettings(Windows windows, Duration pingInterval, Duration deadAfter, Duration handshakeTimeout,
                             String selfId) {
    /** The only protocol version so far; HELLO carries a range so the next one can be negotiated. */
    public static final int PROTOCOL_VERSION = 1;

    public static TunnelSettings defaults(String selfId) {
        return new TunnelSettings(Windows.defaults(), Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(5),
                selfId);
    }

    public TunnelSettings withWindows(Windows windows) {
        return new TunnelSettings(windows, pingInterval, deadAfter, handshakeTimeout, selfId);
    }

    KeepAlive newKeepAlive() {
        return new KeepAlive(pingInterval, deadAfter);
    }
}
