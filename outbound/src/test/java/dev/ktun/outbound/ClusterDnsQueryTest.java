package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The cluster's DNS asked from inside the cluster: the question crosses a real tunnel, the real proxy dials the DNS
 * server over TCP, and the answer names the cluster's domain.
 */
class ClusterDnsQueryTest {
    private static final String SERVICE_IP = "10.96.0.20";
    private final EventLoopGroup clientGroup = Transport.group(1, "test-tunnel-client");
    private TestCluster cluster;
    private FakeUpstream clusterDns;
    private TunnelSession tunnel;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start("127.0.0.1");
        clusterDns = FakeUpstream.onLoopback().with(new PTRRecord(ReverseMap.fromAddress(SERVICE_IP), DClass.IN, 30,
                Name.fromString("orders.shop.svc.corp.example.")));
        tunnel = TunnelChannels.dial(clientGroup, cluster.tunnelEndpoint().toAddress(),
                TestCluster.TOKEN.getBytes(StandardCharsets.UTF_8), TunnelSettings.defaults("test-client"), new SessionListener() {
                    @Override
                    public void streamOpened(TunnelStream stream) {
                        stream.reset(ErrorCode.PROTOCOL_ERROR, "outbound only");
                    }
                }, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        clusterDns.close();
        cluster.close();
    }

    @Test
    void aServiceAddressesReverseNameComesBackThroughTheTunnelAndNamesTheDomain() throws Exception {
        Message answer = ClusterDnsQuery.ask(() -> tunnel, new HostPort("127.0.0.1", clusterDns.address().getPort()),
                reverseOf(SERVICE_IP), Duration.ofSeconds(5), Duration.ofSeconds(3));

        PTRRecord ptr = (PTRRecord) answer.getSection(Section.ANSWER).get(0);
        assertThat(ClusterDomain.fromServiceName(ptr.getTarget().toString())).contains("corp.example");
        assertThat(clusterDns.tcpQueries).as("asked over TCP, by the proxy").hasValue(1);
        assertThat(tunnel.bytesIn()).as("the answer crossed the tunnel").isPositive();
    }

    @Test
    void withoutATunnelItGivesUpWithinTheTimeAllowed() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> ClusterDnsQuery.ask(() -> null, new HostPort("127.0.0.1", clusterDns.address().getPort()),
                reverseOf(SERVICE_IP), Duration.ofMillis(300), Duration.ofSeconds(3)))
                .hasMessageContaining("no tunnel to the proxy");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(clusterDns.tcpQueries).hasValue(0);
    }

    private static Message reverseOf(String ip) throws java.net.UnknownHostException {
        return Message.newQuery(Record.newRecord(ReverseMap.fromAddress(ip), Type.PTR, DClass.IN));
    }
}
