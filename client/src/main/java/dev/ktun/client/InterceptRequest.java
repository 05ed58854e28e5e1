package dev.ktun.client;

import dev.ktun.api.Intercept;
import dev.ktun.api.InterceptMode;
import dev.ktun.api.InterceptOwner;
import dev.ktun.api.InterceptPort;
import dev.ktun.api.InterceptSpec;
import dev.ktun.api.KtunAnnotations;
import dev.ktun.tunnel.Tokens;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Intercept a {@code ktun intercept} creates. Its name says whose and what ({@code api-alice-x7k2}) and carries
 * a random suffix, so a second terminal or a restart never collides with an Intercept that is still ending.
 */
final class InterceptRequest {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_NAME = 63;

    private InterceptRequest() {
    }

    static Intercept of(String namespace, String service, List<InterceptPort> ports, InterceptOwner owner, String token,
                        int leaseSeconds) {
        Intercept intercept = new Intercept();
        intercept.setMetadata(new ObjectMetaBuilder()
                .withName(name(service, owner.user()))
                .withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "ktun-cli"))
                .withAnnotations(Map.of(KtunAnnotations.LEASE_RENEWED_AT, Instant.now().toString()))
                .build());
        // Only the hash reaches the cluster: the token stays in this process and the tunnel's HELLO.
        intercept.setSpec(new InterceptSpec(service, ports, InterceptMode.STEAL, owner, Tokens.sha256Hex(token), leaseSeconds));
        return intercept;
    }

    static String name(String service, String user) {
        String who = user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String base = who.isEmpty() ? service : service + "-" + who;
        StringBuilder suffix = new StringBuilder("-");
        for (int i = 0; i < 4; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        if (base.length() + suffix.length() > MAX_NAME) {
            base = base.substring(0, MAX_NAME - suffix.length()).replaceAll("-+$", "");
        }
        return base + suffix;
    }
}
