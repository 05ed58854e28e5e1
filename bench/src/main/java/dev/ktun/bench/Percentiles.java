package dev.ktun.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** A latency histogram (nanoseconds) in one line for the progress log. */
final class Percentiles {
    private Percentiles() {
    }

    static String describe(Histogram nanos) {
        return String.format(Locale.ROOT, "n=%,d p50=%.1f us p90=%.1f us p99=%.1f us p99.9=%.1f us max=%.1f us",
                nanos.getTotalCount(), us(nanos, 50), us(nanos, 90), us(nanos, 99), us(nanos, 99.9), nanos.getMaxValue() / 1e3);
    }

    private static double us(Histogram nanos, double percentile) {
        return nanos.getValueAtPercentile(percentile) / 1e3;
    }
}
