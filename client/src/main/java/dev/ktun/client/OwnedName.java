package dev.ktun.client;

import dev.ktun.api.KtunAnnotations;
import dev.ktun.api.KtunLabels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Names of what ktun creates for a developer: whose and what ({@code api-alice-x7k2}), with a random suffix, so a
 * second terminal or a restart never collides with one that is still ending.
 */
final class OwnedName {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME = 63;

    private OwnedName() {
    }

    /**
     * {@code <what>-<user>-xxxx}, a valid DNS label; without {@code what} (empty), {@code <user>-xxxx}; without usable
     * letters in the user name, {@code what} (or {@code ktun}) alone.
     */
    static String of(String what, String user) {
        String who = user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String base = Stream.of(what, who).filter(s -> !s.isEmpty()).collect(Collectors.joining("-"));
        if (base.isEmpty()) {
            base = "ktun";
        }
        StringBuilder suffix = new StringBuilder("-");
        for (int i = 0; i < 4; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        if (base.length() + suffix.length() > MAX_NAME) {
            base = base.substring(0, MAX_NAME - suffix.length()).replaceAll("-+$", "");
        }
        return base + suffix;
    }

    /** The metadata of a leased resource ktun creates: its name, who manages it, and its first lease renewal. */
    static ObjectMeta metadata(String what, String user, String namespace) {
        return new ObjectMetaBuilder()
                .withName(of(what, user))
                .withNamespace(namespace)
                .withLabels(Map.of(KtunLabels.MANAGED_BY, "ktun-cli"))
                .withAnnotations(Map.of(KtunAnnotations.LEASE_RENEWED_AT, Instant.now().toString()))
                .build();
    }
}
