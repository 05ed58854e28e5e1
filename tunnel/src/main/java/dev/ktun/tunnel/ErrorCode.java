package dev.ktun.tunnel;

/** Why a stream was reset or a tunnel went away; the number travels in RESET and GOAWAY. */
public enum ErrorCode {
    /** Orderly end. */
    NORMAL(0),
    /** A frame broke the protocol: malformed, oversized, unexpected, or on an unknown stream. */
    PROTOCOL_ERROR(1),
    /** The token was missing or not accepted. */
    AUTH_FAILED(2),
    /** The peer sent more than its credit. */
    FLOW_CONTROL_ERROR(3),
    /** No common protocol version. */
    UNSUPPORTED_VERSION(4),
    /** The peer stayed silent past the keepalive deadline or the handshake timeout. */
    TIMEOUT(5),
    /** The stream's target could not be reached (connect refused, unknown host, no route). */
    UNREACHABLE(6),
    /** The local socket of the stream failed or closed before the stream ended. */
    ABORTED(7),
    /** A newer tunnel of the same client took over. */
    REPLACED(8),
    /** Something went wrong inside the sender. */
    INTERNAL(9);

    private static final ErrorCode[] BY_CODE = values();

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code for a wire number; numbers from a newer peer that this side does not know read as INTERNAL. */
    public static ErrorCode ofCode(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : INTERNAL;
    }
}
