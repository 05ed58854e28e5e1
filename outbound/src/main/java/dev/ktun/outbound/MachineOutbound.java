package dev.ktun.outbound;

import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.outbound.wiring.DnsWiring;
import dev.ktun.outbound.wiring.JournalPlaces;
import dev.ktun.outbound.wiring.NoWiring;
import dev.ktun.outbound.wiring.WiringChoice;
import dev.ktun.tunnel.TunnelSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * {@link Outbound} as ktun starts it on a machine ({@code ktun connect}, {@code ktun intercept}, and the
 * network-namespace test, which runs this same path): the wiring {@link WiringChoice} picks, the resolver where that
 * wiring can point at it, and the journal where every repair finds it ({@link JournalPlaces}).
 */
public final class MachineOutbound {
    /**
     * Without OS wiring, the resolver keeps one port across runs, so a {@code -javaagent} option pasted into an IDE
     * keeps working; OS wiring needs 53 (resolv.conf has no port field).
     */
    public static final int UNWIRED_PORT = 10053;

    private MachineOutbound() {
    }

    /**
     * @param config  the domain and namespaces; its resolver address is used (on port 53 when wired); its state dir is not
     * @param wire    false: change nothing on the machine, even as root
     */
    public static Outbound start(OutboundConfig config, WiringChoice.Machine machine, boolean wire, JournalPlaces places,
                                 ServiceCatalog catalog, Supplier<TunnelSession> tunnel, CommandRunner runner,
                                 OutboundEvents events) throws IOException {
        DnsWiring wiring = wire ? WiringChoice.choose(machine, runner) : new NoWiring(machine.resolvConf());
        boolean changesMachine = !(wiring instanceof NoWiring);
        // macOS configures only 127.0.0.1 until ktun adds its aliases (docs/dns.md).
        InetAddress host = machine.mac() ? InetAddress.getLoopbackAddress() : config.resolverListen().getAddress();
        OutboundConfig placed = config.withStateDir(places.forRun(changesMachine));
        if (changesMachine) {
            return Outbound.start(placed.withResolver(new InetSocketAddress(host, config.resolverListen().getPort())), catalog,
                    tunnel, wiring, runner, events);
        }
        try {
            return Outbound.start(placed.withResolver(new InetSocketAddress(host, UNWIRED_PORT)), catalog, tunnel, wiring,
                    runner, events);
        } catch (IOException taken) {
            events.note("port " + UNWIRED_PORT + " is taken (another ktun?); the resolver takes any free port this time");
            return Outbound.start(placed.withResolver(new InetSocketAddress(host, 0)), catalog, tunnel, wiring, runner, events);
        }
    }
}
