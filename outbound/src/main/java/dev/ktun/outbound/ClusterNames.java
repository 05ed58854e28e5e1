package dev.ktun.outbound;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names a pod in the cluster could use for a Service, and how a laptop's query maps onto them.
 *
 * <p>In a pod, {@code orders}, {@code orders.shop} and {@code orders.shop.svc} work because its resolv.conf searches
 * {@code <ns>.svc.<domain> svc.<domain> <domain>}. The laptop's resolver does not search like that (macOS and
 * systemd-resolved send multi-label names as they are), so ktun applies the same search list itself to names outside
 * the cluster domain, in the order the user chose the namespaces; a name that matches nothing there is not ours.
 */
public final class ClusterNames {
    private final String domain;
    private final List<String> namespaces;
    private final List<String> suffixes;

    /**
     * @param domain     the cluster DNS domain ({@code cluster.local} on most clusters; see {@link ClusterDomain})
     * @param namespaces the namespaces whose Services answer to their bare name, first match wins
     */
    public ClusterNames(String domain, List<String> namespaces) {
        this.domain = normalize(domain);
        this.namespaces = namespaces.stream().map(ClusterNames::normalize).toList();
        List<String> search = new ArrayList<>();
        this.namespaces.forEach(ns -> search.add(ns + ".svc." + this.domain));
        search.add("svc." + this.domain);
        search.add(this.domain);
        this.suffixes = List.copyOf(search);
    }

    public String domain() {
        return domain;
    }

    public List<String> namespaces() {
        return namespaces;
    }

    /** The search list a pod in the first chosen namespace would have; resolv.conf and the JVM agent use it. */
    public List<String> searchList() {
        return suffixes;
    }

    public String fqdn(ClusterService service) {
        return service.name() + "." + service.namespace() + ".svc." + domain;
    }

    public String fqdn(ClusterService service, HeadlessPod pod) {
        return normalize(pod.hostname()) + "." + fqdn(service);
    }

    /** The table for {@code services}, whose namespaces (and the chosen ones) count as followed. */
    public NameTable table(Collection<ClusterService> services, AddressBook book) {
        Set<String> followed = new HashSet<>();
        services.forEach(service -> followed.add(service.namespace()));
        return table(services, followed, book);
    }

    /**
     * Gives every Service and headless pod its address and records the empty non-terminals above them.
     *
     * @param followed the namespaces whose Services are all in {@code services} (besides the chosen ones), even if none
     */
    public NameTable table(Collection<ClusterService> services, Set<String> followed, AddressBook book) {
        Map<String, Inet4Address> addresses = new HashMap<>();
        for (ClusterService service : services) {
            addresses.put(fqdn(service), book.addressOf(fqdn(service)));
            for (HeadlessPod pod : service.pods()) {
                addresses.put(fqdn(service, pod), book.addressOf(fqdn(service, pod)));
            }
        }
        Set<String> namespaces = new HashSet<>(followed);
        namespaces.addAll(this.namespaces);
        Set<String> empty = new HashSet<>();
        empty.add(domain);
        empty.add("svc." + domain);
        namespaces.forEach(ns -> empty.add(ns + ".svc." + domain));
        for (String name : addresses.keySet()) {
            for (int dot = name.indexOf('.'); dot > 0 && name.length() - dot - 1 > domain.length(); dot = name.indexOf('.', dot + 1)) {
                String parent = name.substring(dot + 1);
                if (!addresses.containsKey(parent)) {
                    empty.add(parent);
                }
            }
        }
        return new NameTable(addresses, empty, namespaces);
    }

    /** Classifies {@code qname} (any case, with or without the trailing dot). */
    public Lookup lookup(NameTable table, String qname) {
        String name = normalize(qname);
        if (name.equals(domain) || name.endsWith("." + domain)) {
            Inet4Address address = table.address(name);
            if (address != null) {
                return new Lookup.Known(name, address);
            }
            if (table.isEmptyNonTerminal(name)) {
                return new Lookup.EmptyNonTerminal();
            }
            String namespace = namespaceOf(name, ".svc." + domain);
            return namespace != null && !table.follows(namespace) ? new Lookup.Unfollowed(namespace) : new Lookup.Unknown();
        }
        for (String suffix : suffixes) {
            String candidate = name + "." + suffix;
            Inet4Address address = table.address(candidate);
            if (address != null) {
                return new Lookup.Known(candidate, address);
            }
        }
        // "postgres.default.svc" is a cluster name in any namespace. "postgres.default" may as well be "example.dev":
        // only the followed namespaces claim those, or every outside name would wait for the API server.
        String namespace = name.contains(".") ? namespaceOf(name, ".svc") : null;
        return namespace != null && !table.follows(namespace) ? new Lookup.Unfollowed(namespace) : new Lookup.Outside();
    }

    /** The namespace of {@code <...>.<ns><svcSuffix>} ({@code ns} itself included), or null for other names. */
    private static String namespaceOf(String name, String svcSuffix) {
        if (!name.endsWith(svcSuffix) || name.length() == svcSuffix.length()) {
            return null;
        }
        String above = name.substring(0, name.length() - svcSuffix.length());
        return above.substring(above.lastIndexOf('.') + 1);
    }

    /**
     * Lines for a hosts file: per address, its FQDN and the shorter forms; the bare name only for the first chosen
     * namespace that has it, as the search list would pick.
     */
    public Map<Inet4Address, List<String>> hostsEntries(Collection<ClusterService> services, NameTable table) {
        Map<Inet4Address, List<String>> entries = new LinkedHashMap<>();
        Set<String> bareTaken = new HashSet<>();
        List<ClusterService> ordered = new ArrayList<>(services);
        ordered.sort((a, b) -> Integer.compare(rank(a.namespace()), rank(b.namespace())));
        for (ClusterService service : ordered) {
            String short2 = service.name() + "." + service.namespace();
            List<String> names = new ArrayList<>(List.of(fqdn(service), short2 + ".svc", short2));
            if (namespaces.contains(service.namespace()) && bareTaken.add(service.name())) {
                names.add(service.name());
            }
            entries.put(table.address(fqdn(service)), names);
            for (HeadlessPod pod : service.pods()) {
                String host = normalize(pod.hostname());
                entries.put(table.address(fqdn(service, pod)), List.of(fqdn(service, pod), host + "." + short2 + ".svc",
                        host + "." + short2));
            }
        }
        return entries;
    }

    private int rank(String namespace) {
        int at = namespaces.indexOf(namespace);
        return at < 0 ? Integer.MAX_VALUE : at;
    }

    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
