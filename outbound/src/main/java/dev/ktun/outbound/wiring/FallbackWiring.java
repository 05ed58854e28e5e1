package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The preferred wiring, and the hosts file when it cannot be applied on this machine (no {@code dummy} kernel module,
 * a systemd-resolved that does not route to ktun, a read-only resolv.conf): what the preferred one changed before it
 * failed is taken back first, so the machine never carries half of it.
 */
public final class FallbackWiring implements DnsWiring {
    private final DnsWiring preferred;
    private final DnsWiring fallback;
    private volatile DnsWiring active;
    private volatile String whyFallback;

    public FallbackWiring(DnsWiring preferred, DnsWiring fallback) {
        this.preferred = preferred;
        this.fallback = fallback;
        this.active = preferred;
    }

    @Override
    public void apply(WiringPlan plan, WiringJournal journal) throws IOException {
        int mark = journal.mark();
        try {
            preferred.apply(plan, journal);
            return;
        } catch (IOException | RuntimeException e) {
            whyFallback = e.getMessage();
        }
        WiringJournal.Repair rollback = journal.rollback(mark);
        if (!rollback.failures().isEmpty()) {
            throw new IOException("the DNS wiring failed (" + whyFallback + ") and what it changed could not all be undone: "
                    + rollback.failures());
        }
        active = fallback;
        fallback.apply(plan, journal);
    }

    @Override
    public void update(WiringPlan plan) throws IOException {
        active.update(plan);
    }

    /** The preferred wiring's view: it is asked before {@link #apply}, and the fallback never hides the originals. */
    @Override
    public List<InetSocketAddress> originalUpstreams(InetSocketAddress self) throws IOException {
        return preferred.originalUpstreams(self);
    }

    @Override
    public String describe(WiringPlan plan) {
        String described = active.describe(plan);
        return active == preferred ? described : described + " (the preferred wiring did not work here: " + whyFallback + ")";
    }
}
