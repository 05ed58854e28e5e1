package dev.ktun.client;

import picocli.CommandLine.Option;

/** How cluster names reach this machine: the options {@code ktun connect} and {@code ktun intercept} share. */
final class OutboundOptions {

    // The environment variable lets a machine (or a test run as root) opt out once for every ktun command.
    @Option(names = "--no-dns-wiring", defaultValue = "${KTUN_NO_DNS_WIRING:-false}",
            description = "Change nothing in this machine's DNS, even as root: cluster names resolve only at ktun's own "
                    + "resolver (printed) and in JVMs through the -javaagent (default: wire the OS resolver when run as root; "
                    + "also set by KTUN_NO_DNS_WIRING=true).")
    boolean noDnsWiring;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN",
            description = "The cluster's DNS domain (default: discovered from kube-system's CoreDNS ConfigMap, or by asking "
                    + "the cluster's DNS through the tunnel; cluster.local, said on stderr, when both fail).")
    String clusterDomain;
}
