package dev.ktun.client;

import dev.ktun.outbound.ClusterDomain;
import dev.ktun.outbound.JvmDns;
import dev.ktun.outbound.Outbound;
import dev.ktun.outbound.OutboundConfig;
import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.outbound.wiring.DnsWiring;
import dev.ktun.outbound.wiring.NoWiring;
import dev.ktun.outbound.wiring.WiringChoice;
import dev.ktun.tunnel.TunnelSession;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Laptop to cluster for {@code ktun connect} and {@code ktun intercept}: the chosen namespaces' Services followed into
 * {@link Outbound}, whose resolver answers their names and whose listeners carry each connection as a stream over the
 * current tunnel (the proxy dials the Service from inside the cluster). The machine's DNS is wired as
 * {@link WiringChoice} picks (root: the OS resolver; otherwise nothing changes) and unwired on {@link #close}.
 */
final class OutboundSession implements AutoCloseable {
    /**
     * Without OS wiring, the resolver keeps one port across runs, so a {@code -javaagent} option pasted into an IDE
     * keeps working; OS wiring needs 53 (resolv.conf has no port field).
     */
    private static final int UNWIRED_PORT = 10053;

    private final ServiceFeed feed;
    private final Outbound outbound;
    private final OutboundConsole events;

    private OutboundSession(ServiceFeed feed, Outbound outbound, OutboundConsole events) {
        this.feed = feed;
        this.outbound = outbound;
        this.events = events;
    }

    /** Follows the namespaces' Services and starts outbound; fails with a sentence when it cannot. */
    static OutboundSession start(KubernetesClient client, List<String> namespaces, OutboundOptions options,
                                 Supplier<TunnelSession> tunnel, Console console) {
        ServiceFeed feed = ServiceFeed.follow(client, namespaces, console);
        try {
            String domain = options.clusterDomain != null ? options.clusterDomain
                    : ClusterDomain.discover(List.of(new CoreDnsDomain(client)), warning -> console.say("%s", warning));
            WiringChoice.Machine machine = WiringChoice.Machine.current();
            DnsWiring wiring = options.noDnsWiring ? new NoWiring(machine.resolvConf()) : WiringChoice.choose(machine, CommandRunner.SYSTEM);
            OutboundConfig config = OutboundConfig.of(domain, namespaces, KtunHome.path());
            console.say("outbound: cluster names of namespace%s %s (domain %s) through the tunnel", namespaces.size() > 1 ? "s" : "",
                    String.join(", ", namespaces), domain);
            OutboundConsole events = new OutboundConsole(console);
            return new OutboundSession(feed, startOutbound(config, wiring, feed, tunnel, events), events);
        } catch (IOException | RuntimeException e) {
            feed.close();
            if (e instanceof KtunException known) {
                throw known;
            }
            throw new KtunException(ExitCode.FAILURE, "cannot give this machine the cluster's names: " + e.getMessage(), e);
        }
    }

    private static Outbound startOutbound(OutboundConfig config, DnsWiring wiring, ServiceFeed feed, Supplier<TunnelSession> tunnel,
                                          OutboundConsole events) throws IOException {
        boolean mac = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac");
        // macOS configures only 127.0.0.1 until ktun adds its aliases (docs/dns.md).
        InetAddress host = mac ? InetAddress.getLoopbackAddress() : config.resolverListen().getAddress();
        if (!(wiring instanceof NoWiring)) {
            return Outbound.start(config.withResolver(new InetSocketAddress(host, config.resolverListen().getPort())), feed.catalog(),
                    tunnel, wiring, CommandRunner.SYSTEM, events);
        }
        try {
            return Outbound.start(config.withResolver(new InetSocketAddress(host, UNWIRED_PORT)), feed.catalog(), tunnel, wiring,
                    CommandRunner.SYSTEM, events);
        } catch (IOException taken) {
            events.note("port " + UNWIRED_PORT + " is taken (another ktun?); the resolver takes any free port this time");
            return Outbound.start(config.withResolver(new InetSocketAddress(host, 0)), feed.catalog(), tunnel, wiring,
                    CommandRunner.SYSTEM, events);
        }
    }

    /** Where the resolver answers, e.g. for {@code dig @127.241.0.53 -p 10053 orders.shop}. */
    InetSocketAddress resolver() {
        return outbound.resolverAddress();
    }

    /**
     * The {@code -javaagent} option that makes a JVM resolve cluster names at this resolver, with no root and no OS
     * change; writes the agent jar into ktun's home first.
     */
    String javaAgentOption() throws IOException {
        return JvmDns.javaAgentOption(JvmDns.writeAgentJar(KtunHome.path()), outbound.resolverAddress(), outbound.names());
    }

    @Override
    public void close() {
        events.closing();
        outbound.close();
        feed.close();
    }
}
