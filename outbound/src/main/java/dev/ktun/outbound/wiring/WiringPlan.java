package dev.ktun.outbound.wiring;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * What the machine's DNS should send to ktun.
 *
 * @param resolver   where ktun's resolver listens
 * @param domain     the cluster DNS domain
 * @param namespaces the chosen namespaces, in search order (also routed, so {@code svc.ns} reaches ktun)
 * @param searchList the search list a pod would have ({@code ns.svc.domain ... svc.domain domain})
 * @param hosts      for the hosts-file fallback: each address with its names
 */
public record WiringPlan(InetSocketAddress resolver, String domain, List<String> namespaces, List<String> searchList,
                         Map<Inet4Address, List<String>> hosts) {
    public WiringPlan {
        namespaces = List.copyOf(namespaces);
        searchList = List.copyOf(searchList);
        hosts = Map.copyOf(hosts);
    }

    public WiringPlan withHosts(Map<Inet4Address, List<String>> next) {
        return new WiringPlan(resolver, domain, namespaces, searchList, next);
    }

    /** The domains whose names go to ktun: the cluster domain, and each chosen namespace for {@code svc.ns}. */
    public List<String> routedDomains() {
        List<String> routed = new java.util.ArrayList<>();
        routed.add(domain);
        routed.addAll(namespaces);
        return routed;
    }

    public String resolverHost() {
        return resolver.getAddress().getHostAddress();
    }
}
