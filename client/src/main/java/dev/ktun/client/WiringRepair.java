package dev.ktun.client;

import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.outbound.wiring.JournalPlaces;
import dev.ktun.outbound.wiring.WiringJournal;
import java.io.IOException;
import java.util.List;

/**
 * {@code ktun connect --repair}: takes back what a ktun that is gone left in this machine's DNS, in every place a
 * journal may be ({@link JournalPlaces}), and says per journal what it did or what the developer has to do.
 */
final class WiringRepair {
    private WiringRepair() {
    }

    static int run(JournalPlaces places, CommandRunner runner, Console console) throws IOException {
        List<JournalPlaces.Found> found = places.repairAll(runner);
        if (found.isEmpty()) {
            console.say("nothing to repair: no DNS changes of an earlier ktun are left (no journal in %s or %s)",
                    places.system(), places.user());
            return ExitCode.OK;
        }
        int code = ExitCode.OK;
        for (JournalPlaces.Found journal : found) {
            if (!said(journal, console)) {
                code = ExitCode.FAILURE;
            }
        }
        return code;
    }

    /** Says what became of one journal; whether the machine is clean of it. */
    private static boolean said(JournalPlaces.Found journal, Console console) {
        if (journal.repair().isEmpty()) {
            console.say("ktun run as root left DNS changes on this machine, listed in %s; only root may undo them: "
                    + "sudo ktun connect --repair", journal.journal());
            return false;
        }
        WiringJournal.Repair repair = journal.repair().get();
        if (repair.liveOwner().isPresent()) {
            console.say("ktun (pid %d) is running and owns this machine's DNS changes (%s); they are undone when it exits",
                    repair.liveOwner().get(), journal.journal());
            return false;
        }
        if (!repair.failures().isEmpty()) {
            console.say("undid %d DNS change(s); these could not be undone and stay in %s for the next repair: %s",
                    repair.undone(), journal.journal(), String.join("; ", repair.failures()));
            return false;
        }
        console.say(repair.undone() == 0 ? "nothing to repair: the earlier ktun of " + journal.journal() + " had changed nothing"
                : "undid " + repair.undone() + " DNS change(s) left by an earlier ktun (" + journal.journal() + ")");
        return true;
    }
}
