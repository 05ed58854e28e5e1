package dev.ktun.bench;

import java.util.Locale;

/** Numbers as the table shows them: units chosen so that direct and ktun read side by side. */
final class Figures {
    private Figures() {
    }

    static String gbits(double gbitPerSecond) {
        return String.format(Locale.ROOT, "%.1f Gbit/s", gbitPerSecond);
    }

    static String micros(double nanos) {
        return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }

    static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    static String seconds(double nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f/s", rate);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
    }

    static String addedMicros(double nanos) {
        return String.format(Locale.ROOT, "%+.1f us", nanos / 1e3);
    }

    static String kib(double bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024);
    }

    static String mib(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
    }
}
