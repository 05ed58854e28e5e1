package dev.ktun.outbound.wiring;

import dev.ktun.outbound.Upstreams;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * macOS: one {@code /etc/resolver/<domain>} file per routed domain (the cluster domain, each chosen namespace), which
 * the system resolver consults for names under it, port included. macOS configures only 127.0.0.1 on lo0, so every
 * Service address gets a loopback alias ({@code ifconfig lo0 alias}) before ktun listens on it. Bare single-label
 * names ({@code orders}) are not routed by resolver files: use {@code orders.shop}, or the hosts-file wiring.
 */
public final class MacResolverFiles implements DnsWiring {
    private final Path resolverDir;
    private final CommandRunner runner;
    private final Set<Inet4Address> aliased = new HashSet<>();
    private WiringJournal journal;

    public MacResolverFiles(Path resolverDir, CommandRunner runner) {
        this.resolverDir = resolverDir;
        this.runner = runner;
    }

    @Override
    public synchronized void apply(WiringPlan plan, WiringJournal journal) throws IOException {
        this.journal = journal;
        Files.createDirectories(resolverDir);
        for (String domain : plan.routedDomains()) {
            Path file = resolverDir.resolve(domain);
            journal.record(new Undo.RestoreFile(file, SyncedFiles.readIfExists(file)));
            SyncedFiles.writeInPlace(file, ("# written by ktun; removed when ktun exits (or: ktun connect --repair)\n"
                    + "nameserver " + plan.resolverHost() + "\nport " + plan.resolver().getPort() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        update(plan);
    }

    /** Aliases the addresses of new Services before their listeners bind (the facade updates wiring first). */
    @Override
    public synchronized void update(WiringPlan plan) throws IOException {
        for (Inet4Address address : plan.hosts().keySet()) {
            if (!address.getHostAddress().equals("127.0.0.1") && aliased.add(address)) {
                journal.record(new Undo.RunCommand(List.of("ifconfig", "lo0", "-alias", address.getHostAddress()), true));
                runner.run(List.of("ifconfig", "lo0", "alias", address.getHostAddress(), "up"));
            }
        }
    }

    @Override
    public List<InetSocketAddress> originalUpstreams(InetSocketAddress self) throws IOException {
        // macOS keeps /etc/resolv.conf in step with the primary resolver, and ktun never writes it.
        byte[] text = SyncedFiles.readIfExists(Path.of("/etc/resolv.conf"));
        return text == null ? List.of() : Upstreams.fromResolvConf(new String(text, StandardCharsets.UTF_8), self);
    }

    @Override
    public String describe(WiringPlan plan) {
        return "resolver files in " + resolverDir + " send " + String.join(", ", plan.routedDomains())
                + " to ktun's resolver " + plan.resolverHost() + ":" + plan.resolver().getPort()
                + " (removed when ktun exits; check with 'scutil --dns')";
    }
}
