package dev.ktun.client;

import dev.ktun.outbound.wiring.JournalPlaces;
import java.nio.file.Path;

/**
 * Where ktun keeps its files on this machine: {@code ~/.ktun}, or {@code $KTUN_HOME} when set (the {@code ktun.home}
 * system property overrides both, for tests and the demo). Run state lives in {@code run/}; the DNS wiring journal and
 * the JVM agent jar at the top. A ktun that changes the machine's DNS (as root) journals in the system place,
 * {@code /var/lib/ktun} ({@code ktun.state} overrides it, for tests), where a developer's repair finds it too.
 */
final class KtunHome {
    private KtunHome() {
    }

    static Path path() {
        String home = System.getProperty("ktun.home", System.getenv("KTUN_HOME"));
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".ktun");
    }

    static JournalPlaces journalPlaces() {
        String system = System.getProperty("ktun.state");
        return new JournalPlaces(path(), system != null && !system.isBlank() ? Path.of(system) : JournalPlaces.SYSTEM);
    }
}
