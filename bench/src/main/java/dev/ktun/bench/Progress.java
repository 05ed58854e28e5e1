package dev.ktun.bench;

import java.util.Locale;

/** What the bench is doing and each raw figure as it comes, on stderr; the table goes to stdout. */
final class Progress {
    private static final long START = System.nanoTime();

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%5.1fs] %s%n", (System.nanoTime() - START) / 1e9, String.format(Locale.ROOT, format, args));
        System.err.flush();
    }
}
