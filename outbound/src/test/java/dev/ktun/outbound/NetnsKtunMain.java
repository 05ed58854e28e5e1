package dev.ktun.outbound;

import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.outbound.wiring.JournalPlaces;
import dev.ktun.outbound.wiring.WiringChoice;
import dev.ktun.tunnel.ErrorCode;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.SessionListener;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelChannels;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelSettings;
import dev.ktun.tunnel.TunnelStream;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ktun's outbound side run inside a network namespace (127.x addresses are per namespace) the way {@code ktun connect}
 * runs it: {@link MachineOutbound} with this machine's facts ({@link WiringChoice.Machine#current()}), the wiring they
 * choose, and the journal in {@link JournalPlaces}. Only the cluster is a stand-in: a tunnel to the test's proxy and
 * Service shop/orders instead of informers.
 *
 * <p>{@code STATE_DIR PROXY_HOST:PORT SERVICE_PORT} serves until its stdin closes; {@code --repair STATE_DIR} does what
 * {@code ktun connect --repair} does. STATE_DIR holds both journal places ({@code home/}, {@code system/}).
 */
public final class NetnsKtunMain {
    private NetnsKtunMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--repair")) {
            for (JournalPlaces.Found found : places(args[1]).repairAll(CommandRunner.SYSTEM)) {
                System.out.println("repaired " + found);
            }
            return;
        }
        EventLoopGroup group = Transport.group(1, "ktun-tunnel");
        TunnelSession session = TunnelChannels.dial(group, HostPort.parse(args[1]).toAddress(),
                TestCluster.TOKEN.getBytes(StandardCharsets.UTF_8), TunnelSettings.defaults("netns-ktun"), new SessionListener() {
                    @Override
                    public void streamOpened(TunnelStream stream) {
                        stream.reset(ErrorCode.PROTOCOL_ERROR, "outbound only");
                    }
                }, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        LiveServiceCatalog catalog = new LiveServiceCatalog();
        catalog.put(ClusterService.of("shop", "orders", Integer.parseInt(args[2])));
        OutboundEvents printing = new OutboundEvents() {
            @Override
            public void note(String message) {
                System.err.println("ktun: " + message);
            }
        };
        OutboundConfig config = OutboundConfig.of("cluster.local", List.of("shop"), Path.of(args[0]));
        try (Outbound outbound = MachineOutbound.start(config, WiringChoice.Machine.current(), true, places(args[0]), catalog,
                () -> session, CommandRunner.SYSTEM, printing)) {
            System.out.println("ready " + outbound.resolverAddress().getAddress().getHostAddress());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our stdin (or kills us)
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static JournalPlaces places(String stateDir) {
        return new JournalPlaces(Path.of(stateDir, "home"), Path.of(stateDir, "system"));
    }
}
