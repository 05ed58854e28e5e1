package dev.ktun.tunnel;

/**
 * The kinds of frame on a ktun tunnel. The code is the byte on the wire; {@code docs/protocol.md} has the layouts.
 *
 * <p>Stream ids: the side that dialled the tunnel (the client) opens odd ids, the side that accepted it (the proxy)
 * opens even ids; id 0 is the tunnel itself.
 */
public enum FrameType {
    /**
     * First frame of the dialling side, stream 0: magic, supported versions, token, window settings, who is calling.
     * Nothing else is read before it, and nothing else is accepted until the token is checked.
     */
    HELLO(0x0),
    /** The accepting side's answer to a valid HELLO, stream 0: chosen version and its window settings. */
    WELCOME(0x1),
    /**
     * Opens stream {@code id} toward a target (host and port, or a claimed route port). The opener may send DATA
     * right after it, within the initial window, without waiting: failure to reach the target comes back as RESET.
     */
    OPEN(0x2),
    /**
     * Bytes of a stream, within the sender's credit. Flag {@link Frame#FLAG_FIN} half-closes the sender's direction
     * after these bytes: the receiver shuts down output toward its socket and may keep sending until its own FIN.
     * A stream ends when both directions carried FIN and all bytes were delivered.
     */
    DATA(0x3),
    /**
     * Credit: the receiver of the bytes consumed (delivered to its socket) this many more bytes. Stream 0 is the
     * tunnel-wide credit that bounds the memory one tunnel can make the other side buffer.
     */
    WINDOW(0x4),
    /** Aborts a stream in both directions at once, with a code and a reason; no FIN is needed or expected after it. */
    RESET(0x5),
    /** Keepalive, stream 0, 8 opaque bytes. Flag {@link Frame#FLAG_ACK} marks the echo, which gives the RTT. */
    PING(0x6),
    /** Ends the tunnel, stream 0: a code and a reason. The sender closes right after; streams are reset. */
    GOAWAY(0x7),
    /**
     * Stream 0. From the client: the route ports it wants the proxy to deliver here. Flag {@link Frame#FLAG_ACK}
     * marks the proxy's answer, one status per port.
     */
    CLAIM(0x8);

    private static final FrameType[] BY_CODE = values();

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} when no type has it. */
    public static FrameType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
