package dev.ktun.client;

import dev.ktun.outbound.ClusterDnsQuery;
import dev.ktun.outbound.ClusterDomain;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.TunnelSession;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The cluster DNS domain as the cluster's own DNS server states it, for a developer who may read nothing outside their
 * namespace: the reverse name of a Service's cluster IP ({@code orders.shop.svc.<domain>}), asked from inside the
 * cluster through the tunnel ({@link ClusterDnsQuery}). CoreDNS and kube-dns answer it for every Service; the proxy
 * finds the DNS server by its Service name through its own pod's search list.
 */
final class ClusterDnsDomain implements ClusterDomain.Source {
    /** Cluster DNS by its Service's name: kube-dns (kubeadm, k3s, kind, EKS, GKE, AKS), then OpenShift's. */
    static final List<HostPort> SERVERS = List.of(new HostPort("kube-dns.kube-system.svc", 53),
            new HostPort("dns-default.openshift-dns.svc", 53));
    /** The tunnel usually comes up within a second or two of ktun's start; a proxy pod restarting takes longer. */
    private static final Duration TUNNEL_UP = Duration.ofSeconds(15);
    private static final Duration ANSWER = Duration.ofSeconds(3);

    private final ServiceFeed feed;
    private final Supplier<TunnelSession> tunnel;

    ClusterDnsDomain(ServiceFeed feed, Supplier<TunnelSession> tunnel) {
        this.feed = feed;
        this.tunnel = tunnel;
    }

    @Override
    public Optional<String> domain() throws IOException {
        String ip = feed.someClusterIp().orElseThrow(() -> new IOException(
                "no Service with a cluster IP in the followed namespaces to ask about"));
        Message query = Message.newQuery(Record.newRecord(ReverseMap.fromAddress(InetAddress.getByName(ip)), Type.PTR, DClass.IN));
        List<String> failures = new ArrayList<>();
        Duration tunnelUp = TUNNEL_UP;
        for (HostPort server : SERVERS) {
            try {
                Message answer = ClusterDnsQuery.ask(tunnel, server, query, tunnelUp, ANSWER);
                Optional<String> domain = answer.getSection(Section.ANSWER).stream().filter(PTRRecord.class::isInstance)
                        .map(r -> ClusterDomain.fromServiceName(((PTRRecord) r).getTarget().toString()))
                        .flatMap(Optional::stream).findFirst();
                if (domain.isPresent()) {
                    return domain;
                }
                failures.add(server + " answered " + Rcode.string(answer.getRcode()) + " for " + ip);
            } catch (IOException e) {
                failures.add(server + ": " + e.getMessage());
            }
            tunnelUp = Duration.ZERO; // waited once already: a tunnel that did not come up is not waited for again
        }
        throw new IOException(String.join("; ", failures));
    }

    @Override
    public String toString() {
        return "the cluster's DNS (asked through the tunnel)";
    }
}
