package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where wiring journals live. A ktun that changes the machine's DNS runs as root, and root's home is not where a
 * developer's {@code ktun connect --repair} looks: so such a run journals in a system place ({@code /var/lib/ktun}),
 * which every repair looks at too. A run that changes nothing journals in the user's own ktun home.
 *
 * @param user   the user's ktun home ({@code ~/.ktun})
 * @param system the machine's place for ktun's state, readable by everyone
 */
public record JournalPlaces(Path user, Path system) {
    public static final Path SYSTEM = Path.of("/var/lib/ktun");

    /** Where a run journals: the system place when it changes the machine's DNS. */
    public Path forRun(boolean changesMachine) {
        return changesMachine ? system : user;
    }

    /**
     * A journal found in one place.
     *
     * @param repair what repairing it did; empty when this process may not (a journal of ktun run as root, found by a
     *               plain user), which leaves it as it is
     */
    public record Found(Path journal, Optional<WiringJournal.Repair> repair) {
    }

    /** Repairs every place that holds a journal of a ktun that is gone (a live one's stays, see {@link WiringJournal#repair}). */
    public List<Found> repairAll(CommandRunner runner) throws IOException {
        List<Found> found = new ArrayList<>();
        for (Path place : user.equals(system) ? List.of(user) : List.of(system, user)) {
            WiringJournal journal = new WiringJournal(place, runner);
            if (!journal.exists()) {
                continue;
            }
            found.add(new Found(journal.file(), journal.writable() ? Optional.of(journal.repair()) : Optional.empty()));
        }
        return found;
    }
}
