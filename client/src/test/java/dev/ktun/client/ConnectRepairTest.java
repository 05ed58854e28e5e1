package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.client.sim.Scratch;
import dev.ktun.outbound.wiring.Undo;
import dev.ktun.outbound.wiring.WiringJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ktun connect --repair}: what a killed ktun left in this machine's DNS is undone, with no cluster involved. */
class ConnectRepairTest {
    private Path home;

    @BeforeEach
    void home() throws Exception {
        home = Files.createTempDirectory("ktun-repair");
        System.setProperty("ktun.home", home.toString());
    }

    @AfterEach
    void clean() {
        System.clearProperty("ktun.home");
        Scratch.delete(home);
    }

    @Test
    void aJournalLeftByADeadProcessIsUndone() throws Exception {
        // A resolv.conf as a crashed ktun left it (pointing at its resolver), and the journal saying how to restore it.
        Path resolvConf = Files.writeString(home.resolve("resolv.conf"), "nameserver 127.241.0.53\n");
        byte[] original = "nameserver 10.0.0.2\nsearch corp.example\n".getBytes();
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long startedMillis = gone.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
        Files.writeString(home.resolve(WiringJournal.FILE_NAME), "owner\t" + gone.pid() + "\t" + startedMillis + "\n"
                + new Undo.RestoreFile(resolvConf, original).encode() + "\n");

        KtunRun run = KtunRun.run("connect", "--repair");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("undid 1 DNS change(s) left by an earlier ktun");
        assertThat(Files.readAllBytes(resolvConf)).isEqualTo(original);
        assertThat(home.resolve(WiringJournal.FILE_NAME)).doesNotExist();
    }

    @Test
    void withNothingLeftItSaysSoAndSucceeds() {
        KtunRun run = KtunRun.run("connect", "--repair");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("nothing to repair");
    }
}
