package dev.ktun.outbound;

/**
 * A pod behind a headless Service, named {@code hostname.<service>.<namespace>.svc.<domain>} in the cluster (a
 * StatefulSet's {@code db-0}); {@code ip} is its pod IP, which the proxy dials, since only pods with a hostname and
 * subdomain have that name in cluster DNS.
 */
public record HeadlessPod(String hostname, String ip) {
}
