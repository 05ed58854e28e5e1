package dev.ktun.outbound;

import java.net.Inet4Address;
import java.util.Map;
import java.util.Set;

/**
 * The resolver's view of the cluster at one moment: every FQDN ktun answers (lowercase, no trailing dot) with its
 * address, and the empty non-terminals above them ({@code svc.cluster.local}, {@code shop.svc.cluster.local}), which
 * exist without records: they get NODATA, never NXDOMAIN, since resolvers that trust NXDOMAIN cuts (RFC 8020) would
 * otherwise conclude that nothing below them exists.
 *
 * @param namespaces the namespaces whose Services the table holds completely: a name in another namespace is not
 *                   known to be absent, only not looked at yet
 */
public record NameTable(Map<String, Inet4Address> addresses, Set<String> emptyNonTerminals, Set<String> namespaces) {
    public static final NameTable EMPTY = new NameTable(Map.of(), Set.of(), Set.of());

    public NameTable {
        addresses = Map.copyOf(addresses);
        emptyNonTerminals = Set.copyOf(emptyNonTerminals);
        namespaces = Set.copyOf(namespaces);
    }

    public boolean follows(String namespace) {
        return namespaces.contains(namespace);
    }

    public Inet4Address address(String fqdn) {
        return addresses.get(fqdn);
    }

    public boolean isEmptyNonTerminal(String fqdn) {
        return emptyNonTerminals.contains(fqdn);
    }
}
