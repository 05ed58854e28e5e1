package dev.ktun.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReceiveWindowTest {
    /** A round trip so long that every update in a test comes "within two round trips": the window may grow. */
    private static final long LONG_RTT = Duration.ofSeconds(10).toNanos();

    @Test
    void noCreditGoesBackUntilHalfTheWindowIsConsumed() {
        ReceiveWindow window = new ReceiveWindow(1, 1000, 1000);
        window.received(1000);

        assertThat(window.consumed(300, LONG_RTT)).isZero();
        assertThat(window.consumed(199, LONG_RTT)).isZero();
        assertThat(window.consumed(1, LONG_RTT)).isEqualTo(500);
        assertThat(window.consumed(499, LONG_RTT)).isZero();
    }

    @Test
    void aWindowConsumedWithinTwoRoundTripsDoublesUpToItsMaximum() {
        ReceiveWindow window = new ReceiveWindow(1, 1000, 3000);

        assertThat(window.consumed(500, LONG_RTT)).isEqualTo(500 + 1000);
        assertThat(window.size()).isEqualTo(2000);
        assertThat(window.consumed(1000, LONG_RTT)).isEqualTo(1000 + 1000);
        assertThat(window.size()).isEqualTo(3000);
        assertThat(window.consumed(1500, LONG_RTT)).isEqualTo(1500);
        assertThat(window.size()).isEqualTo(3000);
    }

    @Test
    void aWindowConsumedSlowerThanTwoRoundTripsKeepsItsSize() {
        ReceiveWindow window = new ReceiveWindow(1, 1000, 8000);
        long start = System.nanoTime();
        // The round trip counts as at least 1 ms, so 3 ms is "slow"; waiting on the clock, not sleeping.
        await().atMost(Duration.ofSeconds(1)).until(() -> System.nanoTime() - start > 3_000_000);

        assertThat(window.consumed(600, 0)).isEqualTo(600);
        assertThat(window.size()).isEqualTo(1000);
    }

    @Test
    void grantedCreditCanBeUsedAgain() {
        ReceiveWindow window = new ReceiveWindow(1, 1000, 1000);
        window.received(1000);
        int grant = window.consumed(1000, LONG_RTT);

        window.received(grant);

        assertThat(catchThrowableOfType(ProtocolException.class, () -> window.received(1))).isNotNull();
    }

    @Test
    void receivingMoreThanTheCreditIsAFlowControlError() {
        ReceiveWindow window = new ReceiveWindow(7, 1000, 1000);
        window.received(999);

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> window.received(3));

        assertThat(e.code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
        assertThat(e).hasMessage("stream 7 received 2 bytes beyond the credit granted");
    }
}
