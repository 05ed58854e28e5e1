package dev.ktun.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Pattern;

/** Writes an environment as a dotenv file (docker {@code --env-file}, IDE run configurations, {@code set -a; . FILE}). */
final class DotEnv {
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:@+,=%-]*");

    private DotEnv() {
    }

    static void write(Path file, String header, Map<String, String> env) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(header).append('\n');
        env.forEach((key, value) -> text.append(key).append('=').append(quote(value)).append('\n'));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        // It may hold Secret values: readable by its owner only, where the file system can say so.
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is private already
        }
    }

    /** Bare when safe; otherwise double quotes with backslash escapes, as dotenv readers (compose, python-dotenv, IDEs) take them. */
    static String quote(String value) {
        if (BARE.matcher(value).matches()) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '$' -> quoted.append("\\$");
                case '`' -> quoted.append("\\`");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
