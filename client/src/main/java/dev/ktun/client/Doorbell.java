package dev.ktun.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a wait for the cluster sleeps on: watches ring it when something changed, so the waiter looks again at once
 * instead of at its next tick. Rings are not counted: one wake-up sees every change since the last.
 */
final class Doorbell {
    private boolean rung;

    synchronized void ring() {
        rung = true;
        notifyAll();
    }

    /** Waits until rung or until {@code timeout} passed; true when it was rung (the ring is then answered). */
    synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rung) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        rung = false;
        return true;
    }
}
