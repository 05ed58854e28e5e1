package dev.ktun.tunnel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token contract: a token is its file's content as UTF-8 text with surrounding whitespace trimmed, and its
 * published form is the lowercase hex SHA-256 of exactly those bytes.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** Reads a token file; fails with a sentence that says what is wrong with it. */
    public static String readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("token file " + file + " does not exist or is not a file");
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IOException("token file " + file + " is empty");
        }
        if (token.getBytes(StandardCharsets.UTF_8).length > Hello.MAX_TOKEN) {
            throw new IOException("token file " + file + " holds more than " + Hello.MAX_TOKEN + " bytes: not a ktun token");
        }
        return token;
    }

    /** A fresh random token: 256 bits, URL-safe text, no padding. */
    public static String fresh() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256Hex(String token) {
        return TokenCheck.sha256Hex(token);
    }
}
