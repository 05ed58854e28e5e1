package dev.ktun.tunnel;

/**
 * The receiving half of credit flow control for one stream or for the whole tunnel. Credit comes back to the sender
 * only for bytes delivered to the destination socket, so what this side buffers never exceeds the window.
 *
 * <p>A window whose bytes are consumed faster than two round trips grows (doubling up to {@code max}): a fast
 * stream gets the credit a long fat path needs, a slow one never holds more than it started with.
 */
final class ReceiveWindow {
    private static final long MIN_RTT_NANOS = 1_000_000;

    private final int streamId;
    private final int max;
    private int size;
    private long available;
    private int consumedSinceUpdate;
    private long lastUpdateNanos = System.nanoTime();

    /** @param streamId the stream whose receiving this books, 0 for the tunnel as a whole */
    ReceiveWindow(int streamId, int initial, int max) {
        this.streamId = streamId;
        this.size = initial;
        this.max = Math.max(initial, max);
        this.available = initial;
    }

    /** Books bytes that arrived; more than was granted is the peer breaking flow control. */
    void received(int bytes) {
        available -= bytes;
        if (available < 0) {
            throw new ProtocolException(ErrorCode.FLOW_CONTROL_ERROR, (streamId == 0 ? "the tunnel" : "stream " + streamId)
                    + " received " + (-available) + " bytes beyond the credit granted");
        }
    }

    /**
     * Books bytes delivered to their destination and returns the credit to grant now, or 0 to wait: updates go out
     * once half the window is consumed, so a fast stream costs one WINDOW frame per half window.
     */
    int consumed(int bytes, long rttNanos) {
        consumedSinceUpdate += bytes;
        if (consumedSinceUpdate < size / 2) {
            return 0;
        }
        long now = System.nanoTime();
        int grant = consumedSinceUpdate;
        if (size < max && now - lastUpdateNanos < 2 * Math.max(rttNanos, MIN_RTT_NANOS)) {
            int growth = Math.min(size, max - size);
            size += growth;
            grant += growth;
        }
        consumedSinceUpdate = 0;
        lastUpdateNanos = now;
        available += grant;
        return grant;
    }

    int size() {
        return size;
    }
}
