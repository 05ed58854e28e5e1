package dev.ktun.outbound;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How outbound runs.
 *
 * @param clusterDomain   the cluster DNS domain, from {@link ClusterDomain#discover}
 * @param namespaces      namespaces whose Services answer to their bare name, in search order
 * @param resolverListen  where the DNS server listens; port 53 for resolv.conf wiring, any port (0: pick one) otherwise;
 *                        on macOS use 127.0.0.1, the only loopback address configured before ktun's aliases
 * @param upstreams       resolvers for names outside the cluster; empty: the machine's originals, as the wiring finds them
 * @param stateDir        where the wiring journal lives (e.g. ~/.ktun or /var/lib/ktun)
 * @param firstAddress    the first Service address handed out (see {@link AddressBook})
 * @param upstreamTimeout how long an upstream may take before the next is tried
 */
public record OutboundConfig(String clusterDomain, List<String> namespaces, InetSocketAddress resolverListen,
                             List<InetSocketAddress> upstreams, Path stateDir, String firstAddress, Duration upstreamTimeout) {
    /** Port 53, so resolv.conf wiring works; a non-root run picks {@code withResolver(..., 0)} instead. */
    public static final InetSocketAddress DEFAULT_RESOLVER = new InetSocketAddress(Inet4Addresses.of("127.241.0.53"), 53);

    public OutboundConfig {
        namespaces = List.copyOf(namespaces);
        upstreams = List.copyOf(upstreams);
    }

    public static OutboundConfig of(String clusterDomain, List<String> namespaces, Path stateDir) {
        return new OutboundConfig(clusterDomain, namespaces, DEFAULT_RESOLVER, List.of(), stateDir,
                AddressBook.DEFAULT_FIRST, Duration.ofSeconds(2));
    }

    public OutboundConfig withResolver(InetSocketAddress listen) {
        return new OutboundConfig(clusterDomain, namespaces, listen, upstreams, stateDir, firstAddress, upstreamTimeout);
    }

    public OutboundConfig withStateDir(Path dir) {
        return new OutboundConfig(clusterDomain, namespaces, resolverListen, upstreams, dir, firstAddress, upstreamTimeout);
    }

    public OutboundConfig withUpstreams(List<InetSocketAddress> servers) {
        return new OutboundConfig(clusterDomain, namespaces, resolverListen, servers, stateDir, firstAddress, upstreamTimeout);
    }
}
