package dev.ktun.outbound;

import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.outbound.wiring.DnsWiring;
import dev.ktun.outbound.wiring.JournalPlaces;
import dev.ktun.outbound.wiring.WiringJournal;
import dev.ktun.outbound.wiring.WiringPlan;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelSession;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Laptop to cluster, running: the resolver, a listener per Service port, and the machine's DNS pointed at them. Start
 * it once the catalog is being fed; {@link #close} (also run by a shutdown hook) undoes the wiring. A crashed run's
 * wiring is undone by the next {@link #start}, or by {@code ktun connect --repair} ({@link JournalPlaces#repairAll}).
 */
public final class Outbound implements AutoCloseable {
    private static final int UPSTREAM_IN_FLIGHT = 1024;

    private final ClusterNames names;
    private final AddressBook book;
    private final ServiceCatalog catalog;
    private final DnsWiring wiring;
    private final WiringJournal journal;
    private final OutboundEvents events;
    private final EventLoopGroup group;
    private final ServiceListeners listeners;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "ktun-outbound-restore-dns");
    private volatile NameTable table = NameTable.EMPTY;
    private DnsServer server;
    private WiringPlan plan;
    /** Set once this run owns the journal: only then may close() undo what it lists. */
    private volatile boolean journaling;

    private Outbound(OutboundConfig config, ServiceCatalog catalog, Supplier<TunnelSession> tunnel, DnsWiring wiring,
                     WiringJournal journal, OutboundEvents events) {
        this.names = new ClusterNames(config.clusterDomain(), config.namespaces());
        this.book = new AddressBook(config.firstAddress());
        this.catalog = catalog;
        this.wiring = wiring;
        this.journal = journal;
        this.events = events;
        this.group = Transport.group(1, "ktun-outbound");
        this.listeners = new ServiceListeners(group, tunnel, events);
    }

    /**
     * Repairs what an earlier run left, starts the resolver, wires the machine, listens, and follows the catalog.
     * Fails (leaving the machine as it was) when the resolver cannot listen or the wiring cannot be applied.
     */
    public static Outbound start(OutboundConfig config, ServiceCatalog catalog, Supplier<TunnelSession> tunnel,
                                 DnsWiring wiring, CommandRunner runner, OutboundEvents events) throws IOException {
        WiringJournal journal = new WiringJournal(config.stateDir(), runner);
        report(journal.repair(), events);
        Outbound outbound = new Outbound(config, catalog, tunnel, wiring, journal, events);
        try {
            outbound.run(config);
            return outbound;
        } catch (IOException | RuntimeException e) {
            outbound.close();
            throw e;
        }
    }

    private void run(OutboundConfig config) throws IOException {
        List<InetSocketAddress> upstreams = config.upstreams().isEmpty()
                ? wiring.originalUpstreams(config.resolverListen())
                : config.upstreams();
        Set<String> followed = catalog.namespaces();
        Collection<ClusterService> services = catalog.services();
        table = names.table(services, followed, book);
        Resolver resolver = new Resolver(names, () -> table,
                upstreams.isEmpty() ? null : new Upstreams(upstreams, config.upstreamTimeout(), UPSTREAM_IN_FLIGHT),
                catalog::follow);
        server = DnsServer.start(config.resolverListen(), resolver, group);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        journal.begin();
        journaling = true;
        plan = new WiringPlan(server.address(), names.domain(), names.namespaces(), names.searchList(),
                names.hostsEntries(services, table));
        wiring.apply(plan, journal);
        events.note(wiring.describe(plan) + (upstreams.isEmpty() ? "; other names are refused (no upstream resolver found)"
                : "; other names go to " + upstreams));
        listeners.follow(Bindings.of(services, names, table));
        catalog.subscribe(this::refresh);
        refresh();
    }

    /** Catalog changed: new table first (names resolve), wiring next (macOS aliases), listeners last. */
    private synchronized void refresh() {
        if (closed.get()) {
            return;
        }
        // Namespaces first: the feed marks one followed only after its Services are in, so none is seen empty.
        Set<String> followed = catalog.namespaces();
        Collection<ClusterService> services = catalog.services();
        NameTable next = names.table(services, followed, book);
        table = next;
        plan = plan.withHosts(names.hostsEntries(services, next));
        try {
            wiring.update(plan);
        } catch (IOException e) {
            events.note("could not update the DNS wiring: " + e.getMessage());
        }
        listeners.follow(Bindings.of(services, names, next));
    }

    /** Where the resolver listens (its real port when configured with 0). */
    public InetSocketAddress resolverAddress() {
        return server.address();
    }

    public ClusterNames names() {
        return names;
    }

    public List<Binding> listening() {
        return listeners.bound();
    }

    public List<SkippedPort> skippedPorts() {
        return listeners.skipped();
    }

    /** Undoes the wiring and stops listening; safe to call twice, and from the shutdown hook. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            // The machine's DNS first, while the resolver still answers: no moment where it points at nobody.
            if (journaling) {
                undoWiring();
            }
            listeners.close();
            if (server != null) {
                server.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway and finds us closed
            }
        }
    }

    private void undoWiring() {
        try {
            WiringJournal.Repair undone = journal.undoAll();
            if (!undone.failures().isEmpty()) {
                events.note("some DNS changes could not be undone (run 'ktun connect --repair'): " + undone.failures());
            }
        } catch (IOException e) {
            events.note("could not undo the DNS changes (run 'ktun connect --repair'): " + e.getMessage());
        }
    }

    private static void report(WiringJournal.Repair repair, OutboundEvents events) {
        if (repair.liveOwner().isPresent()) {
            throw new IllegalStateException("another ktun (pid " + repair.liveOwner().get()
                    + ") has the machine's DNS wired; stop it first");
        }
        if (repair.undone() > 0) {
            events.note("undid " + repair.undone() + " DNS change(s) left by an earlier ktun that did not exit cleanly");
        }
        if (!repair.failures().isEmpty()) {
            throw new IllegalStateException("DNS changes of an earlier ktun could not be undone: " + repair.failures());
        }
    }
}
