package dev.ktun.bench;

import java.time.Duration;

/**
 * How long each measurement runs. Every path is warmed up first (the proxy's and client's JIT) with the same
 * workload it is then measured with, after a {@link #warmUpPass()} of everything.
 *
 * @param bulkWarmup     T1/T1r/T6 bulk warm-up per path and direction
 * @param bulk           T1/T1r measured transfer
 * @param echoWarmup     T3 round trips before measuring
 * @param echoCount      T3 measured round trips
 * @param loadWarmup     T4 and T5 warm-up
 * @param load           T4 and T5 measured window
 * @param mixed          T6 measured window
 * @param idleStreams    T7 streams held open
 * @param activations    T8 intercepts counted (after one that warms the simulated cluster up)
 */
record Budget(Duration bulkWarmup, Duration bulk, int echoWarmup, int echoCount, Duration loadWarmup, Duration load,
              Duration mixed, int idleStreams, int activations) {

    static Budget full() {
        return new Budget(Duration.ofSeconds(2), Duration.ofSeconds(8), 30_000, 100_000, Duration.ofSeconds(3),
                Duration.ofSeconds(8), Duration.ofSeconds(8), 10_000, 5);
    }

    /** About a minute; T7 keeps its full count, since memory per stream is only meaningful at scale. */
    static Budget quick() {
        return new Budget(Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, 30_000, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(2), 10_000, 3);
    }

    /**
     * The pass before the measured one: every workload once over both paths, so that the JIT has compiled the
     * proxy's, the client's, the backend's and the bench's hot code for all of them (on two busy cores C2 needs
     * tens of seconds), and what one target's warm-up left uncompiled does not land in the next target's figures.
     */
    Budget warmUpPass() {
        return new Budget(bulkWarmup.dividedBy(2), bulk.dividedBy(4), echoWarmup / 5, echoCount / 5, loadWarmup.dividedBy(2),
                load.dividedBy(4), mixed.dividedBy(4), 0, 0);
    }
}
