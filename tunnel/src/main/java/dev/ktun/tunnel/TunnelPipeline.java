package dev.ktun.tunnel;

/**
 * Names of the handlers ktun installs, in pipeline order.
 *
 * <p>A tunnel channel: {@link #FRAME_DECODER} (bytes to frames), {@link #FRAME_ENCODER} (frames to bytes),
 * {@link #HANDSHAKE} (HELLO/WELCOME and the token check; replaced when done by) {@link #KEEPALIVE} (PING, RTT, dead
 * peer) and {@link #SESSION} (streams, credit, everything else).
 *
 * <p>A stream's local socket: {@link #INPUT_HOLD} until the stream is attached (keeps what the socket delivers before),
 * whatever the application put there, then {@link #STREAM_RELAY} last.
 */
public final class TunnelPipeline {
    public static final String FRAME_DECODER = "ktun-frame-decoder";
    public static final String FRAME_ENCODER = "ktun-frame-encoder";
    public static final String HANDSHAKE = "ktun-handshake";
    public static final String KEEPALIVE = "ktun-keepalive";
    public static final String SESSION = "ktun-session";
    public static final String STREAM_RELAY = "ktun-stream-relay";
    public static final String INPUT_HOLD = "ktun-input-hold";

    private TunnelPipeline() {
    }
}
