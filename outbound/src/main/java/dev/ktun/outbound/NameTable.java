package dev.ktun.outbound;

import java.net.Inet4Address;
import java.util.Map;
import java.util.Set;

/**
 * The resolver's view of the cluster at one moment: every FQDN ktun answers (lowercase, no trailing dot) with its
 * address, and the empty non-terminals above them ({@code svc.cluster.local}, {@code shop.svc.cluster.local}), which
 * exist without records: they get NODATA, never NXDOMAIN, since resolvers that trust NXDOMAIN cuts (RFC 8020) would
 * otherwise conclude that nothing below them exists.
 */
public record NameTable(Map<String, Inet4Address> addresses, Set<String> emptyNonTerminals) {
    public static final NameTable EMPTY = new NameTable(Map.of(), Set.of());

    public NameTable {
        addresses = Map.copyOf(addresses);
        emptyNonTerminals = Set.copyOf(emptyNonTerminals);
    }

    public Inet4Address address(String fqdn) {
        return addresses.get(fqdn);
    }

    public boolean isEmptyNonTerminal(String fqdn) {
        return emptyNonTerminals.contains(fqdn);
    }
}
