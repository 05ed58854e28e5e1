package dev.ktun.tunnel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The accepting side's token wall: it knows only SHA-256 hashes, and compares in constant time against every one
 * of them (no early exit), so neither a match nor a near-match is visible in the timing. The set can be replaced
 * while tunnels run: Intercepts come and go without a restart.
 */
public final class TokenCheck {
    private volatile List<byte[]> hashes;

    private TokenCheck(List<byte[]> hashes) {
        this.hashes = hashes;
    }

    public static TokenCheck ofHexHashes(Set<String> hexHashes) {
        TokenCheck check = new TokenCheck(List.of());
        check.replace(hexHashes);
        return check;
    }

    /** Accepts exactly the tokens with these lowercase or uppercase hex SHA-256 hashes from now on. */
    public void replace(Set<String> hexHashes) {
        this.hashes = hexHashes.stream().map(TokenCheck::parseHash).toList();
    }

    public int size() {
        return hashes.size();
    }

    public boolean accepts(byte[] token) {
        byte[] hash = sha256(token);
        boolean match = false;
        for (byte[] candidate : hashes) {
            match |= MessageDigest.isEqual(hash, candidate);
        }
        return match;
    }

    /** The contract's hash: lowercase hex SHA-256 of the token's UTF-8 bytes. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] parseHash(String hex) {
        String trimmed = hex.trim();
        if (!trimmed.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex hash (64 hex digits): '" + abbreviate(trimmed) + "'");
        }
        return HexFormat.of().parseHex(trimmed.toLowerCase());
    }

    private static String abbreviate(String text) {
        return text.length() <= 12 ? text : text.substring(0, 12) + "...";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
