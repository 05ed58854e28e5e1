package dev.ktun.outbound.wiring;

import dev.ktun.outbound.Upstreams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux with systemd-resolved: split DNS on a dedicated dummy link ({@code ktun0}), so only cluster names reach ktun
 * and the rest of the machine's DNS (VPN split DNS included) stays as it is. The link carries ktun's resolver, the
 * pod search list (resolved applies search domains to single-label names) and routing-only domains for the cluster
 * domain and each chosen namespace ({@code ~shop}, so {@code orders.shop} is routed too). Deleting the link drops all
 * of it, so the one undo is {@code ip link del}.
 *
 * <p>resolved gives a link a DNS scope only when it is up, has carrier and a routable (not host- or link-scoped)
 * address, and it sends the link's queries out through that link ({@code IP_UNICAST_IF}). So the link gets the
 * resolver's own address with {@code scope global}: that makes the link relevant, and makes the resolver reachable
 * through it. Needs systemd 240 ({@code resolvectl default-route}), 246 when the resolver is not on port 53
 * ({@code resolvectl dns LINK IP:PORT}). Whether resolved really routes to ktun is then checked with a query
 * ({@link ResolvedStub}); when it does not, apply fails and {@link FallbackWiring} takes over.
 */
public final class SystemdResolvedWiring implements DnsWiring {
    /** Where resolved lists the real upstream servers (/etc/resolv.conf names its own stub, 127.0.0.53). */
    public static final Path UPSTREAMS = Path.of("/run/systemd/resolve/resolv.conf");
    static final int NEEDS_VERSION = 240;
    static final int NEEDS_VERSION_FOR_PORT = 246;
    private static final Pattern VERSION = Pattern.compile("^systemd (\\d+)");

    private final CommandRunner runner;
    private final String link;
    private final Path upstreamsFile;
    private final ResolvedStub stub;

    public SystemdResolvedWiring(CommandRunner runner, String link, Path upstreamsFile, ResolvedStub stub) {
        this.runner = runner;
        this.link = link;
        this.upstreamsFile = upstreamsFile;
        this.stub = stub;
    }

    @Override
    public void apply(WiringPlan plan, WiringJournal journal) throws IOException {
        int port = plan.resolver().getPort();
        int version = version();
        int needed = port == 53 ? NEEDS_VERSION : NEEDS_VERSION_FOR_PORT;
        if (version < needed) {
            throw new IOException("systemd-resolved " + version + " is older than " + needed + ", which ktun's split DNS"
                    + (port == 53 ? "" : " on port " + port) + " needs");
        }
        journal.record(new Undo.RunCommand(List.of("ip", "link", "delete", link), true));
        runner.run(List.of("ip", "link", "add", link, "type", "dummy"));
        runner.run(List.of("ip", "address", "add", plan.resolverHost() + "/32", "dev", link, "scope", "global"));
        runner.run(List.of("ip", "link", "set", link, "up"));
        runner.run(List.of("resolvectl", "dns", link, port == 53 ? plan.resolverHost() : plan.resolverHost() + ":" + port));
        List<String> domains = new ArrayList<>(List.of("resolvectl", "domain", link));
        domains.addAll(plan.searchList());
        plan.routedDomains().forEach(d -> domains.add("~" + d));
        runner.run(domains);
        // Not the default route: names outside the domains above keep going where they went before.
        runner.run(List.of("resolvectl", "default-route", link, "false"));
        if (!stub.reachesKtun(plan.domain())) {
            throw new IOException(stub + " does not send " + plan.domain() + " names to ktun's link " + link
                    + " (is " + link + " managed by systemd-networkd or another network manager?)");
        }
    }

    private int version() throws IOException {
        Matcher m = VERSION.matcher(runner.run(List.of("resolvectl", "--version")));
        if (!m.find()) {
            throw new IOException("cannot tell which systemd 'resolvectl --version' belongs to");
        }
        return Integer.parseInt(m.group(1));
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
