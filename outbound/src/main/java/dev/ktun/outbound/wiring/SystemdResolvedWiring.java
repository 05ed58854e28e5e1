package dev.ktun.outbound.wiring;

import dev.ktun.outbound.Upstreams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux with systemd-resolved: split DNS on a dedicated dummy link ({@code ktun0}), so only cluster names reach ktun
 * and the rest of the machine's DNS (VPN split DNS included) stays as it is. The link carries ktun's resolver, the
 * pod search list (resolved applies search domains to single-label names) and routing-only domains for the cluster
 * domain and each chosen namespace ({@code ~shop}, so {@code orders.shop} is routed too). Deleting the link drops all
 * of it, so the one undo is {@code ip link del}.
 */
public final class SystemdResolvedWiring implements DnsWiring {
    /** Where resolved lists the real upstream servers (/etc/resolv.conf names its own stub, 127.0.0.53). */
    public static final Path UPSTREAMS = Path.of("/run/systemd/resolve/resolv.conf");

    private final CommandRunner runner;
    private final String link;
    private final Path upstreamsFile;

    public SystemdResolvedWiring(CommandRunner runner, String link, Path upstreamsFile) {
        this.runner = runner;
        this.link = link;
        this.upstreamsFile = upstreamsFile;
    }

    @Override
    public void apply(WiringPlan plan, WiringJournal journal) throws IOException {
        journal.record(new Undo.RunCommand(List.of("ip", "link", "delete", link), true));
        runner.run(List.of("ip", "link", "add", link, "type", "dummy"));
        runner.run(List.of("ip", "link", "set", link, "up"));
        runner.run(List.of("resolvectl", "dns", link, plan.resolverHost() + ":" + plan.resolver().getPort()));
        List<String> domains = new ArrayList<>(List.of("resolvectl", "domain", link));
        domains.addAll(plan.searchList());
        plan.routedDomains().forEach(d -> domains.add("~" + d));
        runner.run(domains);
        // Not the default route: names outside the domains above keep going where they went before.
        runner.run(List.of("resolvectl", "default-route", link, "false"));
    }

    @Override
    public List<InetSocketAddress> originalUpstreams(InetSocketAddress self) throws IOException {
        byte[] text = SyncedFiles.readIfExists(upstreamsFile);
        return text == null ? List.of() : Upstreams.fromResolvConf(new String(text, StandardCharsets.UTF_8), self);
    }

    @Override
    public String describe(WiringPlan plan) {
        return "systemd-resolved sends " + String.join(", ", plan.routedDomains()) + " to ktun's resolver "
                + plan.resolverHost() + ":" + plan.resolver().getPort() + " on link " + link
                + " (removed when ktun exits; check with 'resolvectl status " + link + "')";
    }
}
