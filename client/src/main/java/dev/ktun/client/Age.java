package dev.ktun.client;

import java.time.Duration;
import java.time.Instant;

/** kubectl's AGE column: 45s, 3m, 2h, 4d. */
final class Age {
    private Age() {
    }

    static String since(String timestamp, Instant now) {
        if (timestamp == null) {
            return "?";
        }
        long seconds = Math.max(0, Duration.between(Instant.parse(timestamp), now).toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
