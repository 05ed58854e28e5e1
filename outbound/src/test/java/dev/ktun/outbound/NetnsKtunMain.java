package dev.ktun.outbound;

import dev.ktun.outbound.wiring.CommandRunner;
import dev.ktun.outbound.wiring.ResolvConfWiring;
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
 * ktun's outbound side as the CLI will run it, inside a network namespace (127.x addresses are per namespace):
 * {@code RESOLV_CONF STATE_DIR PROXY_HOST:PORT SERVICE_PORT} wires the resolv.conf, tunnels to the proxy and serves
 * shop/orders until its stdin closes; {@code --repair STATE_DIR} undoes what a killed run left.
 */
public final class NetnsKtunMain {
    private NetnsKtunMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--repair")) {
            System.out.println("repaired " + Outbound.repair(Path.of(args[1]), CommandRunner.SYSTEM));
            return;
        }
        Path resolvConf = Path.of(args[0]);
        EventLoopGroup group = Transport.group(1, "ktun-tunnel");
        TunnelSession session = TunnelChannels.dial(group, HostPort.parse(args[2]).toAddress(),
                TestCluster.TOKEN.getBytes(StandardCharsets.UTF_8), TunnelSettings.defaults("netns-ktun"), new SessionListener() {
                    @Override
                    public void streamOpened(TunnelStream stream) {
                        stream.reset(ErrorCode.PROTOCOL_ERROR, "outbound only");
                    }
                }, Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        LiveServiceCatalog catalog = new LiveServiceCatalog();
        catalog.put(ClusterService.of("shop", "orders", Integer.parseInt(args[3])));
        OutboundEvents printing = new OutboundEvents() {
            @Override
            public void note(String message) {
                System.err.println("ktun: " + message);
            }
        };
        try (Outbound outbound = Outbound.start(OutboundConfig.of("cluster.local", List.of("shop"), Path.of(args[1])),
                catalog, () -> session, new ResolvConfWiring(resolvConf), CommandRunner.SYSTEM, printing)) {
            System.out.println("ready " + outbound.resolverAddress().getAddress().getHostAddress());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our stdin (or kills us)
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
