package dev.ktun.client;

import java.nio.file.Path;

/**
 * Where ktun keeps its files on this machine: {@code ~/.ktun}, or {@code $KTUN_HOME} when set (the {@code ktun.home}
 * system property overrides both, for tests and the demo). Run state lives in {@code run/}; the DNS wiring journal and
 * the JVM agent jar at the top.
 */
final class KtunHome {
    private KtunHome() {
    }

    static Path path() {
        String home = System.getProperty("ktun.home", System.getenv("KTUN_HOME"));
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".ktun");
    }
}
