package dev.ktun.outbound;

import java.net.Inet4Address;

/** What a queried name is to ktun. */
public sealed interface Lookup {

    /** A Service or headless pod name: answered with its loopback address. */
    record Known(String fqdn, Inet4Address address) implements Lookup {
    }

    /** Exists in the cluster domain but has no records of its own: NODATA. */
    record EmptyNonTerminal() implements Lookup {
    }

    /** Inside the cluster domain and unknown: NXDOMAIN, so that search-list expansion moves on. */
    record Unknown() implements Lookup {
    }

    /**
     * A name in a namespace ktun does not follow yet ({@code postgres.default.svc.<domain>}): ktun follows it, then
     * looks again. Answering NXDOMAIN instead would deny a Service that may well exist.
     */
    record Unfollowed(String namespace) implements Lookup {
    }

    /** Not a cluster name: forwarded to the machine's original resolvers, or refused. */
    record Outside() implements Lookup {
    }
}
