package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One way of pointing the machine's DNS at ktun. Every change goes through the journal first ({@link WiringJournal});
 * undoing is the journal's job, not the wiring's, so a crashed run is undone the same way as a clean exit.
 */
public interface DnsWiring {

    /** Makes the changes, journaling each before it is made. */
    void apply(WiringPlan plan, WiringJournal journal) throws IOException;

    /** The catalog changed (only the hosts file lists names one by one; the others route whole domains). */
    default void update(WiringPlan plan) throws IOException {
    }

    /**
     * The machine's own resolvers, read from where this wiring leaves them untouched, for names outside the cluster.
     * Read after repair: a crashed run's resolv.conf names ktun, not the originals.
     */
    List<InetSocketAddress> originalUpstreams(InetSocketAddress self) throws IOException;

    /** One or two sentences for the developer: what was wired, and how to reach the resolver by hand. */
    String describe(WiringPlan plan);
}
