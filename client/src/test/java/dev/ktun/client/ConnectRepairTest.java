package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ktun.client.sim.Scratch;
import dev.ktun.outbound.wiring.Undo;
import dev.ktun.outbound.wiring.WiringJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ktun connect --repair}: what a killed ktun left in this machine's DNS is undone, with no cluster involved,
 * wherever the journal is: the user's ktun home, or the system place where {@code sudo ktun connect} journals
 * ({@code ktun.state} here, {@code /var/lib/ktun} on a machine).
 */
class ConnectRepairTest {
    private static final byte[] ORIGINAL = "nameserver 10.0.0.2\nsearch corp.example\n".getBytes(StandardCharsets.UTF_8);

    private Path scratch;
    private Path home;
    private Path system;

    @BeforeEach
    void places() throws Exception {
        scratch = Files.createTempDirectory("ktun-repair");
        home = Files.createDirectories(scratch.resolve("home"));
        system = scratch.resolve("system");
        System.setProperty("ktun.home", home.toString());
        System.setProperty("ktun.state", system.toString());
    }

    @AfterEach
    void clean() {
        System.clearProperty("ktun.home");
        System.clearProperty("ktun.state");
        Scratch.delete(scratch);
    }

    @Test
    void aJournalLeftByADeadProcessIsUndone() throws Exception {
        Path resolvConf = crashedJournal(home);

        KtunRun run = KtunRun.run("connect", "--repair");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("undid 1 DNS change(s) left by an earlier ktun (" + home.resolve(WiringJournal.FILE_NAME) + ")");
        assertThat(Files.readAllBytes(resolvConf)).isEqualTo(ORIGINAL);
        assertThat(home.resolve(WiringJournal.FILE_NAME)).doesNotExist();
    }

    @Test
    void aJournalOfKtunRunAsRootInTheSystemPlaceIsFoundByTheRepairToo() throws Exception {
        Path resolvConf = crashedJournal(system);

        KtunRun run = KtunRun.run("connect", "--repair");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("undid 1 DNS change(s) left by an earlier ktun (" + system.resolve(WiringJournal.FILE_NAME) + ")");
        assertThat(Files.readAllBytes(resolvConf)).isEqualTo(ORIGINAL);
    }

    @Test
    void aUserWhoMayNotUndoRootsChangesIsToldWhereTheyAreAndToUseSudo() throws Exception {
        assumeThat(System.getProperty("user.name")).as("taking privileges away needs root").isEqualTo("root");
        assumeThat(Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "setpriv"))))
                .as("setpriv (util-linux)").isTrue();
        Path resolvConf = crashedJournal(system);
        ownedBySomeoneElse(system, system.resolve(WiringJournal.FILE_NAME));
        Path log = scratch.resolve("repair.log");

        // Root without the capabilities that override file permissions: the journal is as out of reach as for a user.
        Process repair = new ProcessBuilder(KtunProcess.command(
                List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"),
                List.of("-Dktun.home=" + home, "-Dktun.state=" + system), List.of("connect", "--repair")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(repair.waitFor(60, TimeUnit.SECONDS)).as("repair finished").isTrue();
        assertThat(repair.exitValue()).as(Files.readString(log)).isEqualTo(ExitCode.FAILURE);
        assertThat(Files.readString(log)).contains("ktun run as root left DNS changes on this machine, listed in "
                + system.resolve(WiringJournal.FILE_NAME) + "; only root may undo them: sudo ktun connect --repair");
        assertThat(Files.readString(resolvConf)).contains("127.241.0.53");
    }

    @Test
    void withNothingLeftItSaysSoAndSucceeds() {
        KtunRun run = KtunRun.run("connect", "--repair");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("nothing to repair", system.toString(), home.toString());
    }

    /** A resolv.conf as a crashed ktun left it (pointing at its resolver), and the journal in {@code place} to restore it. */
    private Path crashedJournal(Path place) throws IOException, InterruptedException {
        Path resolvConf = Files.writeString(scratch.resolve(place.getFileName() + "-resolv.conf"), "nameserver 127.241.0.53\n");
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long startedMillis = gone.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L);
        Files.createDirectories(place);
        Files.writeString(place.resolve(WiringJournal.FILE_NAME), "owner\t" + gone.pid() + "\t" + startedMillis + "\n"
                + new Undo.RestoreFile(resolvConf, ORIGINAL).encode() + "\n");
        return resolvConf;
    }

    /** As root left them for a developer: readable by all, writable by their owner only (here: nobody). */
    private static void ownedBySomeoneElse(Path dir, Path journal) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        for (Path path : List.of(dir, journal)) {
            Files.setOwner(path, users.lookupPrincipalByName("nobody"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
