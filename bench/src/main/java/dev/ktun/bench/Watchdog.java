package dev.ktun.bench;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the blocking socket calls of the load generators: if the path stalls, the socket is closed under the
 * blocked call, which then fails instead of hanging the bench.
 */
final class Watchdog implements AutoCloseable {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final ScheduledFuture<?> alarm;

    private Watchdog(ScheduledFuture<?> alarm) {
        this.alarm = alarm;
    }

    static Watchdog closeAfter(Closeable socket, Duration limit) {
        return new Watchdog(TIMER.schedule(() -> {
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        alarm.cancel(false);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bench-watchdog");
            t.setDaemon(true);
            return t;
        });
        // T5 arms one per connection, thousands a second: cancelled alarms must leave the queue at once.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
