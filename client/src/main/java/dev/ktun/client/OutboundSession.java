package dev.ktun.client;

import dev.ktun.outbound.ClusterDomain;
import dev.ktun.outbound.JvmDns;
import dev.ktun.outbound.MachineOutbound;
import dev.ktun.outbound.Outbound;
import dev.ktun.outbound.OutboundConfig;
import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.outbound.wiring.WiringChoice;
import dev.ktun.tunnel.TunnelSession;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Laptop to cluster for {@code ktun connect} and {@code ktun intercept}: the chosen namespaces' Services followed into
 * {@link Outbound}, whose resolver answers their names and whose listeners carry each connection as a stream over the
 * current tunnel (the proxy dials the Service from inside the cluster). The machine's DNS is wired as
 * {@link MachineOutbound} does it (root: the OS resolver; otherwise nothing changes) and unwired on {@link #close}.
 */
final class OutboundSession implements AutoCloseable {
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
                    : ClusterDomain.discover(List.of(new CoreDnsDomain(client), new ClusterDnsDomain(feed, tunnel)),
                    warning -> console.say("%s; if your cluster uses another, say so with --cluster-domain DOMAIN", warning));
            console.say("outbound: cluster names of namespace%s %s (domain %s) through the tunnel", namespaces.size() > 1 ? "s" : "",
                    String.join(", ", namespaces), domain);
            OutboundConsole events = new OutboundConsole(console);
            Outbound outbound = MachineOutbound.start(OutboundConfig.of(domain, namespaces, KtunHome.path()),
                    WiringChoice.Machine.current(), !options.noDnsWiring, KtunHome.journalPlaces(), feed.catalog(), tunnel,
                    CommandRunner.SYSTEM, events);
            return new OutboundSession(feed, outbound, events);
        } catch (IOException | RuntimeException e) {
            feed.close();
            if (e instanceof KtunException known) {
                throw known;
            }
            throw new KtunException(ExitCode.FAILURE, "cannot give this machine the cluster's names: " + e.getMessage(), e);
        }
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
