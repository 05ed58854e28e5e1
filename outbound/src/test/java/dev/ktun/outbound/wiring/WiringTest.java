package dev.ktun.outbound.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ktun.outbound.Inet4Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each wiring on temporary files (or a recording command runner): what it changes, and that the journal undoes it. */
class WiringTest {
    private static final String ORIGINAL_RESOLV = "# from DHCP\nnameserver 192.0.2.53\nsearch corp.example\noptions edns0\n";
    private static final String ORIGINAL_HOSTS = "127.0.0.1 localhost\n10.0.0.5 printer\n";

    @TempDir
    Path dir;
    private final List<List<String>> commands = new ArrayList<>();
    private final CommandRunner recording = commands::add;
    private final WiringPlan plan = new WiringPlan(new InetSocketAddress(Inet4Addresses.of("127.241.0.53"), 53),
            "cluster.local", List.of("shop"), List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"),
            Map.of(Inet4Addresses.of("127.241.1.1"), List.of("orders.shop.svc.cluster.local", "orders.shop", "orders")));

    @Test
    void resolvConfPointsAtKtunKeepsSearchAndOptionsAndComesBackOnExit() throws IOException {
        Path resolv = write("resolv.conf", ORIGINAL_RESOLV);
        WiringJournal journal = started();
        new ResolvConfWiring(resolv).apply(plan, journal);
        assertThat(Files.readString(resolv))
                .contains("nameserver 127.241.0.53\n", "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\n",
                        "options edns0")
                .doesNotContain("192.0.2.53");
        journal.undoAll();
        assertThat(Files.readString(resolv)).isEqualTo(ORIGINAL_RESOLV);
        assertThat(journal.file()).doesNotExist();
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
    void systemdResolvedGetsADedicatedLinkWithSplitDomainsAndLosesItOnExit() throws IOException {
        WiringJournal journal = started();
        new SystemdResolvedWiring(recording, "ktun0", dir.resolve("none")).apply(plan, journal);
        assertThat(commands).containsExactly(
                List.of("ip", "link", "add", "ktun0", "type", "dummy"),
                List.of("ip", "link", "set", "ktun0", "up"),
                List.of("resolvectl", "dns", "ktun0", "127.241.0.53:53"),
                List.of("resolvectl", "domain", "ktun0", "shop.svc.cluster.local", "svc.cluster.local", "cluster.local",
                        "~cluster.local", "~shop"),
                List.of("resolvectl", "default-route", "ktun0", "false"));
        commands.clear();
        journal.undoAll();
        assertThat(commands).containsExactly(List.of("ip", "link", "delete", "ktun0"));
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

    private WiringJournal started() throws IOException {
        WiringJournal journal = new WiringJournal(dir.resolve("state"), recording);
        journal.begin();
        return journal;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
