package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ktun.outbound.wiring.NoWiring;
import dev.ktun.tunnel.SessionListener;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelChannels;
import dev.ktun.tunnel.TunnelSession;
import dev.ktun.tunnel.TunnelSettings;
import dev.ktun.tunnel.TunnelStream;
import dev.ktun.tunnel.ErrorCode;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The whole outbound path on loopback: name -> ktun's resolver -> local listener -> tunnel -> proxy -> "pod". */
class OutboundOnLoopbackTest {
    @TempDir
    Path dir;
    private final EventLoopGroup clientGroup = Transport.group(1, "test-tunnel-client");
    private final LiveServiceCatalog catalog = new LiveServiceCatalog();
    private final AtomicReference<TunnelSession> tunnel = new AtomicReference<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private TestCluster cluster;
    private Outbound outbound;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start("127.0.0.1");
        tunnel.set(TunnelChannels.dial(clientGroup, cluster.tunnelEndpoint().toAddress(),
                TestCluster.TOKEN.getBytes(StandardCharsets.UTF_8), TunnelSettings.defaults("test-client"), refuseInbound(),
                Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS));
        catalog.put(ClusterService.of("shop", "orders", cluster.servicePort()));
        OutboundConfig config = OutboundConfig.of("cluster.local", List.of("shop"), dir.resolve("state"))
                .withResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        outbound = Outbound.start(config, catalog, tunnel::get, new NoWiring(dir.resolve("resolv.conf")), argv -> "",
                new RecordingEvents(events));
    }

    @AfterEach
    void stop() {
        if (outbound != null) {
            outbound.close();
        }
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        cluster.close();
    }

    @Test
    void aServiceNameResolvesToALocalAddressThatReachesItsPodsThroughTheTunnel() throws Exception {
        InetAddress address = resolve("orders.shop");
        assertThat(throughTunnel(address)).isEqualTo(TestCluster.BODY);
    }

    @Test
    void aServiceThatAppearsIsAnsweredAndListenedFor() throws Exception {
        catalog.put(ClusterService.of("shop", "pay", cluster.servicePort()));
        InetAddress pay = resolve("pay.shop.svc.cluster.local");
        assertThat(pay).isNotEqualTo(resolve("orders.shop"));
        assertThat(throughTunnel(pay)).isEqualTo(TestCluster.BODY);
    }

    @Test
    void aHeadlessServicesPodHasItsOwnAddressDialledByPodIp() throws Exception {
        catalog.put(new ClusterService("data", "db", List.of(new ServicePort("http", cluster.servicePort())), true,
                List.of(new HeadlessPod("db-0", "127.0.0.1"))));
        InetAddress pod = resolve("db-0.db.data.svc.cluster.local");
        assertThat(pod).isNotEqualTo(resolve("db.data"));
        assertThat(outbound.listening()).anySatisfy(b -> assertThat(b.toString())
                .isEqualTo("db-0.db.data:" + cluster.servicePort() + " (" + pod.getHostAddress() + ":" + cluster.servicePort()
                        + " -> 127.0.0.1:" + cluster.servicePort() + ")"));
        assertThat(throughTunnel(pod)).isEqualTo(TestCluster.BODY);
    }

    @Test
    void aServiceThatVanishesIsNxdomainAndItsListenerCloses() throws Exception {
        InetAddress address = resolve("orders.shop");
        catalog.remove("shop", "orders");
        assertThat(Dig.udp(outbound.resolverAddress(), "orders.shop.svc.cluster.local", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(outbound.listening()).isEmpty();
        assertThat(events).contains("stopped orders.shop:" + cluster.servicePort());
        catalog.put(ClusterService.of("shop", "orders", cluster.servicePort()));
        assertThat(resolve("orders.shop")).as("the same address when it comes back").isEqualTo(address);
    }

    @Test
    void withoutATunnelALocalConnectionIsClosedAndReported() throws Exception {
        InetAddress address = resolve("orders.shop");
        tunnel.set(null);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, cluster.servicePort()), 3000);
            socket.setSoTimeout(3000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> events.contains("dropped orders.shop:" + cluster.servicePort()));
    }

    @Test
    void aPortThatCannotBeBoundIsReportedAndTheOthersStillServe() throws Exception {
        InetAddress next = Inet4Addresses.of("127.241.1.2");
        try (ServerSocket taken = new ServerSocket(0, 1, next)) {
            catalog.put(new ClusterService("shop", "pay", List.of(new ServicePort("busy", taken.getLocalPort()),
                    new ServicePort("http", cluster.servicePort())), false, List.of()));
            assertThat(outbound.skippedPorts()).singleElement()
                    .satisfies(s -> assertThat(s.toString()).startsWith("pay.shop:" + taken.getLocalPort() + " is not reachable locally"));
            assertThat(throughTunnel(resolve("pay.shop"))).isEqualTo(TestCluster.BODY);
        }
    }

    @Test
    void aSecondKtunCannotStartWhileTheFirstHoldsTheWiring() {
        OutboundConfig same = OutboundConfig.of("cluster.local", List.of("shop"), dir.resolve("state"))
                .withResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertThatThrownBy(() -> Outbound.start(same, catalog, tunnel::get, new NoWiring(dir.resolve("resolv.conf")),
                argv -> "", OutboundEvents.SILENT)).hasMessageContaining("another ktun (pid " + ProcessHandle.current().pid());
    }

    /** GETs the Service port at {@code address}, checking that the bytes crossed the tunnel. */
    private String throughTunnel(InetAddress address) throws IOException {
        long before = tunnel.get().bytesIn();
        String body = Http.get(address, cluster.servicePort());
        assertThat(tunnel.get().bytesIn()).as("bytes that came back through the tunnel").isGreaterThan(before);
        return body;
    }

    private InetAddress resolve(String name) throws IOException {
        Message answer = Dig.udp(outbound.resolverAddress(), name, Type.A);
        assertThat(answer.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
        return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress();
    }

    private static SessionListener refuseInbound() {
        return new SessionListener() {
            @Override
            public void streamOpened(TunnelStream stream) {
                stream.reset(ErrorCode.PROTOCOL_ERROR, "this test client claims no ports");
            }
        };
    }

    private record RecordingEvents(List<String> log) implements OutboundEvents {
        @Override
        public void stopped(Binding binding) {
            log.add("stopped " + binding.name() + ":" + binding.port());
        }

        @Override
        public void dropped(Binding binding) {
            log.add("dropped " + binding.name() + ":" + binding.port());
        }

        @Override
        public void note(String message) {
            log.add(message);
        }
    }
}
