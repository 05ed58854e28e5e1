package dev.ktun.client;

/**
 * {@code JAVA_TOOL_OPTIONS}: every JVM reads it at start, also those a launcher (Gradle, Maven, an IDE) starts, which
 * is why ktun hands the DNS agent to a command through it instead of editing the command's java arguments.
 */
final class JavaToolOptions {
    static final String NAME = "JAVA_TOOL_OPTIONS";

    private JavaToolOptions() {
    }

    /** {@code existing} with {@code option} added, keeping what the user set. */
    static String adding(String option, String existing) {
        return existing == null || existing.isBlank() ? option : existing.trim() + " " + option;
    }
}
