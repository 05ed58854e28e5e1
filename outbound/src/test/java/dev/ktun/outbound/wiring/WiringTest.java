package dev.ktun.outbound.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ktun.outbound.FakeUpstream;
import dev.ktun.outbound.Inet4Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** Each wiring on temporary files (or a recording command runner): what it changes, and that the journal undoes it. */
class WiringTest {
    private static final String ORIGINAL_RESOLV = "# from DHCP\nnameserver 192.0.2.53\nsearch corp.example\noptions edns0\n";
    private static final String ORIGINAL_HOSTS = "127.0.0.1 localhost\n10.0.0.5 printer\n";
    private static final String VERSION_252 = "systemd 252 (252.38-1~deb12u1)\n+PAM +AUDIT +SELINUX";

    @TempDir
    Path dir;
    private final List<List<String>> commands = new ArrayList<>();
    private final CommandRunner recording = argv -> {
        commands.add(argv);
        return "";
    };
    private final WiringPlan plan = new WiringPlan(new InetSocketAddress(Inet4Addresses.of("127.241.0.53"), 53),
            "cluster.local", List.of("shop"), List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"),
            Map.of(Inet4Addresses.of("127.241.1.1"), List.of("orders.shop.svc.cluster.local", "orders.shop", "orders")));
    private final List<FakeUpstream> resolvedStubs = new ArrayList<>();

    @AfterEach
    void stopStubs() throws IOException {
        for (FakeUpstream stub : resolvedStubs) {
            stub.close();
        }
    }

    @Test
    void resolvConfNamesKtunFirstKeepsSearchAndOptionsAndComesBackOnExit() throws IOException {
        Path resolv = write("resolv.conf", ORIGINAL_RESOLV);
        WiringJournal journal = started();
        new ResolvConfWiring(resolv).apply(plan, journal);
        assertThat(Files.readString(resolv))
                .contains("nameserver 127.241.0.53\nnameserver 192.0.2.53\n",
                        "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\n", "options edns0");
        journal.undoAll();
        assertThat(Files.readString(resolv)).isEqualTo(ORIGINAL_RESOLV);
        assertThat(journal.file()).doesNotExist();
    }

    @Test
    void resolvConfKeepsTwoOriginalNameserversAfterKtunSoADeadKtunDoesNotEndTheMachinesDns() throws IOException {
        Path resolv = write("resolv.conf", "nameserver 192.0.2.53\nnameserver 192.0.2.54\nnameserver 192.0.2.55\n"
                + "options rotate timeout:2\n");
        new ResolvConfWiring(resolv).apply(plan, started());
        // glibc reads three nameservers; rotate would send cluster names to the originals.
        assertThat(Files.readString(resolv)).contains("nameserver 127.241.0.53\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n",
                "options timeout:2\n").doesNotContain("192.0.2.55", "rotate");
    }

    @Test
    void resolvConfWiringNeedsPort53() throws IOException {
        Path resolv = write("resolv.conf", ORIGINAL_RESOLV);
        WiringPlan elsewhere = new WiringPlan(new InetSocketAddress(Inet4Addresses.of("127.241.0.53"), 5353), "cluster.local",
                List.of(), List.of("cluster.local"), Map.of());
        assertThatThrownBy(() -> new ResolvConfWiring(resolv).apply(elsewhere, started())).hasMessageContaining("port 53");
        assertThat(Files.readString(resolv)).isEqualTo(ORIGINAL_RESOLV);
    }

    @Test
    void originalNameserversBecomeTheUpstreamsButNeverKtunItself() throws IOException {
        Path resolv = write("resolv.conf", ORIGINAL_RESOLV + "nameserver 127.241.0.53\n");
        assertThat(new ResolvConfWiring(resolv).originalUpstreams(plan.resolver()))
                .containsExactly(new InetSocketAddress(Inet4Addresses.of("192.0.2.53"), 53));
    }

    @Test
    void hostsBlockFollowsTheCatalogAndLeavesTheUsersLinesAlone() throws IOException {
        Path hosts = write("hosts", ORIGINAL_HOSTS);
        WiringJournal journal = started();
        HostsBlock wiring = new HostsBlock(hosts, dir.resolve("resolv.conf"));
        wiring.apply(plan, journal);
        assertThat(Files.readString(hosts)).startsWith(ORIGINAL_HOSTS).contains("127.241.1.1\torders.shop.svc.cluster.local orders.shop orders");
        wiring.update(plan.withHosts(Map.of(Inet4Addresses.of("127.241.1.2"), List.of("pay.shop"))));
        Files.writeString(hosts, Files.readString(hosts) + "10.0.0.6 added-by-the-user\n");
        assertThat(Files.readString(hosts)).doesNotContain("orders.shop").contains("127.241.1.2\tpay.shop");
        journal.undoAll();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL_HOSTS + "10.0.0.6 added-by-the-user\n");
    }

    @Test
    void systemdResolvedGetsALinkWithTheResolversRoutableAddressSplitDomainsAndLosesItOnExit() throws IOException {
        WiringJournal journal = started();
        resolved(resolvedRoutesToKtun(), systemdSays(VERSION_252)).apply(plan, journal);
        assertThat(commands).containsExactly(
                List.of("resolvectl", "--version"),
                List.of("ip", "link", "add", "ktun0", "type", "dummy"),
                // resolved gives a link a DNS scope only with a routable address, and queries it through that link.
                List.of("ip", "address", "add", "127.241.0.53/32", "dev", "ktun0", "scope", "global"),
                List.of("ip", "link", "set", "ktun0", "up"),
                List.of("resolvectl", "dns", "ktun0", "127.241.0.53"),
                List.of("resolvectl", "domain", "ktun0", "shop.svc.cluster.local", "svc.cluster.local", "cluster.local",
                        "~cluster.local", "~shop"),
                List.of("resolvectl", "default-route", "ktun0", "false"));
        commands.clear();
        journal.undoAll();
        assertThat(commands).containsExactly(List.of("ip", "link", "delete", "ktun0"));
    }

    @Test
    void systemdResolvedNamesTheResolversPortOnlyFromVersion246() throws IOException {
        WiringPlan on5353 = new WiringPlan(new InetSocketAddress(Inet4Addresses.of("127.241.0.53"), 5353), "cluster.local",
                List.of("shop"), plan.searchList(), Map.of());
        assertThatThrownBy(() -> resolved(resolvedRoutesToKtun(), systemdSays("systemd 245 (245.4-4ubuntu3)"))
                .apply(on5353, started())).hasMessageContaining("systemd-resolved 245 is older than 246");
        commands.clear();
        WiringJournal other = new WiringJournal(dir.resolve("other"), recording);
        other.begin();
        resolved(resolvedRoutesToKtun(), systemdSays(VERSION_252)).apply(on5353, other);
        assertThat(commands).contains(List.of("resolvectl", "dns", "ktun0", "127.241.0.53:5353"));
    }

    @Test
    void anOldSystemdResolvedIsLeftAloneAndTheHostsFileServesInstead() throws IOException {
        Path hosts = write("hosts", ORIGINAL_HOSTS);
        FallbackWiring wiring = new FallbackWiring(resolved(resolvedRoutesToKtun(), systemdSays("systemd 239 (239-41.el8)")),
                new HostsBlock(hosts, dir.resolve("resolv.conf")));

        wiring.apply(plan, started());

        assertThat(commands).containsExactly(List.of("resolvectl", "--version"));
        assertThat(Files.readString(hosts)).contains("127.241.1.1\torders.shop.svc.cluster.local");
        assertThat(wiring.describe(plan)).contains(hosts.toString(), "systemd-resolved 239 is older than 240");
    }

    @Test
    void whenResolvedDoesNotRouteClusterNamesToKtunTheLinkGoesAndTheHostsFileServes() throws IOException {
        Path hosts = write("hosts", ORIGINAL_HOSTS);
        FakeUpstream notKtun = stub();
        FallbackWiring wiring = new FallbackWiring(resolved(new ResolvedStub(notKtun.address(), Duration.ofMillis(300)),
                systemdSays(VERSION_252)), new HostsBlock(hosts, dir.resolve("resolv.conf")));
        WiringJournal journal = started();

        wiring.apply(plan, journal);

        assertThat(commands).endsWith(List.of("ip", "link", "delete", "ktun0"));
        assertThat(notKtun.udpQueries.get()).isPositive();
        assertThat(Files.readString(hosts)).contains("orders.shop");
        assertThat(wiring.describe(plan)).contains("does not send cluster.local names to ktun's link ktun0");
        journal.undoAll();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL_HOSTS);
    }

    @Test
    void aKernelWithoutDummyLinksGetsTheHostsFile() throws IOException {
        Path hosts = write("hosts", ORIGINAL_HOSTS);
        CommandRunner noDummy = argv -> {
            commands.add(argv);
            if (argv.contains("dummy")) {
                throw new IOException("ip link add ktun0 type dummy failed (exit 2): Error: Unknown device type.");
            }
            return argv.contains("--version") ? VERSION_252 : "";
        };
        FallbackWiring wiring = new FallbackWiring(new SystemdResolvedWiring(noDummy, "ktun0", dir.resolve("none"),
                resolvedRoutesToKtun()), new HostsBlock(hosts, dir.resolve("resolv.conf")));

        wiring.apply(plan, started());

        assertThat(commands).endsWith(List.of("ip", "link", "delete", "ktun0"));
        assertThat(Files.readString(hosts)).contains("orders.shop");
        assertThat(wiring.describe(plan)).contains("Unknown device type");
    }

    @Test
    void aResolvConfThatCannotBeWrittenFallsBackToTheHostsFile() throws IOException {
        Path hosts = write("hosts", ORIGINAL_HOSTS);
        Path notAFile = write("plain-file", "").resolve("resolv.conf");
        FallbackWiring wiring = new FallbackWiring(new ResolvConfWiring(notAFile), new HostsBlock(hosts, notAFile));
        WiringJournal journal = started();

        wiring.apply(plan, journal);

        assertThat(Files.readString(hosts)).contains("orders.shop");
        journal.undoAll();
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL_HOSTS);
        assertThat(journal.file()).doesNotExist();
    }

    @Test
    void macResolverFilesAndLoopbackAliasesAreRemovedOnExit() throws IOException {
        Path resolverDir = dir.resolve("resolver");
        Files.createDirectories(resolverDir);
        Files.writeString(resolverDir.resolve("shop"), "nameserver 10.9.9.9\n");
        WiringJournal journal = started();
        new MacResolverFiles(resolverDir, recording).apply(plan, journal);
        assertThat(Files.readString(resolverDir.resolve("cluster.local"))).contains("nameserver 127.241.0.53\nport 53\n");
        assertThat(commands).containsExactly(List.of("ifconfig", "lo0", "alias", "127.241.1.1", "up"));
        commands.clear();
        journal.undoAll();
        assertThat(resolverDir.resolve("cluster.local")).doesNotExist();
        assertThat(Files.readString(resolverDir.resolve("shop"))).isEqualTo("nameserver 10.9.9.9\n");
        assertThat(commands).containsExactly(List.of("ifconfig", "lo0", "-alias", "127.241.1.1"));
    }

    @Test
    void aCrashedRunIsRepairedByTheNextOne() throws IOException {
        Path resolv = write("resolv.conf", ORIGINAL_RESOLV);
        Path hosts = write("hosts", ORIGINAL_HOSTS);
        WiringJournal crashed = started();
        new ResolvConfWiring(resolv).apply(plan, crashed);
        new HostsBlock(hosts, resolv).apply(plan, crashed);
        // A dead owner: pid 2^22 is above Linux's pid_max default, so no live process has it.
        List<String> lines = Files.readAllLines(crashed.file());
        lines.set(0, "owner\t4194305\t0");
        Files.write(crashed.file(), lines);

        WiringJournal.Repair repair = new WiringJournal(dir.resolve("state"), recording).repair();

        assertThat(repair.undone()).isEqualTo(2);
        assertThat(Files.readString(resolv)).isEqualTo(ORIGINAL_RESOLV);
        assertThat(Files.readString(hosts)).isEqualTo(ORIGINAL_HOSTS);
        assertThat(crashed.file()).doesNotExist();
    }

    @Test
    void aLiveRunsJournalIsLeftAlone() throws IOException {
        Path resolv = write("resolv.conf", ORIGINAL_RESOLV);
        WiringJournal live = started();
        new ResolvConfWiring(resolv).apply(plan, live);

        WiringJournal.Repair repair = new WiringJournal(dir.resolve("state"), recording).repair();

        assertThat(repair.liveOwner()).contains(ProcessHandle.current().pid());
        assertThat(Files.readString(resolv)).contains("127.241.0.53");
    }

    @Test
    void anUndoThatFailsStaysInTheJournalForTheNextRepair() throws IOException {
        WiringJournal journal = new WiringJournal(dir.resolve("state"), argv -> {
            throw new IOException("resolvectl: access denied");
        });
        journal.begin();
        journal.record(new Undo.RunCommand(List.of("resolvectl", "revert", "ktun0"), false));
        WiringJournal.Repair undone = journal.undoAll();
        assertThat(undone.failures()).singleElement().asString().contains("access denied");
        assertThat(Files.readString(journal.file())).startsWith("command\t");
    }

    @Test
    void aRollbackTakesBackOnlyWhatCameAfterTheMarkAndKeepsTheOwner() throws IOException {
        Path hosts = write("hosts", ORIGINAL_HOSTS);
        Path resolv = write("resolv.conf", ORIGINAL_RESOLV);
        WiringJournal journal = started();
        new HostsBlock(hosts, resolv).apply(plan, journal);
        int mark = journal.mark();
        new ResolvConfWiring(resolv).apply(plan, journal);

        assertThat(journal.rollback(mark).undone()).isEqualTo(1);

        assertThat(Files.readString(resolv)).isEqualTo(ORIGINAL_RESOLV);
        assertThat(Files.readString(hosts)).contains("orders.shop");
        assertThat(Files.readAllLines(journal.file())).hasSize(2).first().asString().startsWith("owner\t");
    }

    @Test
    void aRunThatChangesTheMachineJournalsWhereEveryRepairLooks() throws IOException {
        JournalPlaces places = new JournalPlaces(dir.resolve("home"), dir.resolve("system"));
        assertThat(places.forRun(true)).isEqualTo(dir.resolve("system"));
        assertThat(places.forRun(false)).isEqualTo(dir.resolve("home"));
        for (Path place : List.of(places.system(), places.user())) {
            WiringJournal crashed = new WiringJournal(place, recording);
            crashed.begin();
            new ResolvConfWiring(write(place.getFileName() + "-resolv.conf", ORIGINAL_RESOLV)).apply(plan, crashed);
            List<String> lines = Files.readAllLines(crashed.file());
            lines.set(0, "owner\t4194305\t0");
            Files.write(crashed.file(), lines);
        }

        List<JournalPlaces.Found> found = places.repairAll(recording);

        assertThat(found).extracting(JournalPlaces.Found::journal).containsExactly(
                places.system().resolve(WiringJournal.FILE_NAME), places.user().resolve(WiringJournal.FILE_NAME));
        assertThat(found).allSatisfy(f -> assertThat(f.repair()).hasValueSatisfying(r -> assertThat(r.undone()).isOne()));
        assertThat(Files.readString(dir.resolve("system-resolv.conf"))).isEqualTo(ORIGINAL_RESOLV);
        assertThat(Files.readString(dir.resolve("home-resolv.conf"))).isEqualTo(ORIGINAL_RESOLV);
    }

    @Test
    void aJournalCanBeReadByEveryRepairWhateverTheUmaskOfItsWriter() throws IOException {
        WiringJournal journal = new WiringJournal(dir.resolve("var-lib-ktun"), recording);
        journal.begin();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.file()))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.file().getParent()))).isEqualTo("rwxr-xr-x");
    }

    private SystemdResolvedWiring resolved(ResolvedStub stub, CommandRunner runner) {
        return new SystemdResolvedWiring(runner, "ktun0", dir.resolve("none"), stub);
    }

    private CommandRunner systemdSays(String version) {
        return argv -> {
            commands.add(argv);
            return argv.contains("--version") ? version : "";
        };
    }

    /** resolved's stub as it answers once the link works: svc.cluster.local exists (ktun says NOERROR). */
    private ResolvedStub resolvedRoutesToKtun() throws IOException {
        FakeUpstream ktunBehind = stub().with(new TXTRecord(Name.fromString("svc.cluster.local."), DClass.IN, 5, "ktun"));
        return new ResolvedStub(ktunBehind.address(), Duration.ofSeconds(2));
    }

    private FakeUpstream stub() throws IOException {
        FakeUpstream stub = FakeUpstream.onLoopback();
        resolvedStubs.add(stub);
        return stub;
    }

    private WiringJournal started() throws IOException {
        WiringJournal journal = new WiringJournal(dir.resolve("state"), recording);
        journal.begin();
        return journal;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
