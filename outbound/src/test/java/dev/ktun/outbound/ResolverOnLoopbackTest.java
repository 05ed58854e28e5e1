package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.tunnel.Transport;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The resolver on real UDP and TCP sockets, with a second DNS server playing the machine's original resolver. */
class ResolverOnLoopbackTest {
    private final EventLoopGroup group = Transport.group(1, "test-dns");
    private final ClusterNames names = new ClusterNames("cluster.local", List.of("shop"));
    private final NameTable table = names.table(List.of(ClusterService.of("shop", "orders", 8080)), new AddressBook());
    private FakeUpstream upstream;
    private DnsServer server;

    @BeforeEach
    void start() throws Exception {
        upstream = FakeUpstream.onLoopback()
                .with(new ARecord(Name.fromString("example.com."), DClass.IN, 60, InetAddress.getByName("192.0.2.7")))
                .with(txt("big.example.com.", 8))
                .with(txt("medium.example.com.", 5));
        server = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Resolver(names, () -> table, new Upstreams(List.of(upstream.address()), Duration.ofSeconds(2), 64)), group);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        upstream.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void clusterNameGetsItsLoopbackAddressAuthoritativelyWithAShortTtl() throws Exception {
        Message answer = Dig.udp(server.address(), "orders.shop", Type.A);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
        ARecord a = (ARecord) answer.getSection(Section.ANSWER).get(0);
        assertThat(a.getName()).isEqualTo(Name.fromString("orders.shop."));
        assertThat(a.getAddress()).isEqualTo(table.address("orders.shop.svc.cluster.local"));
        assertThat(a.getAddress().getHostAddress()).startsWith("127.").isNotEqualTo("127.0.0.1");
        assertThat(a.getTTL()).isLessThanOrEqualTo(5);
    }

    @Test
    void unknownClusterNameIsNxdomainWithAShortNegativeTtl() throws Exception {
        Message answer = Dig.udp(server.address(), "nope.shop.svc.cluster.local", Type.A);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        SOARecord soa = (SOARecord) answer.getSection(Section.AUTHORITY).get(0);
        assertThat(soa.getMinimum()).isLessThanOrEqualTo(5);
    }

    @Test
    void aaaaForAClusterNameIsNodataSoTheAAnswerIsUsed() throws Exception {
        Message answer = Dig.udp(server.address(), "orders.shop.svc.cluster.local", Type.AAAA);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void outsideNamesAreForwardedToTheOriginalResolver() throws Exception {
        Message answer = Dig.udp(server.address(), "example.com", Type.A);
        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress()).isEqualTo("192.0.2.7");
        assertThat(Dig.udp(server.address(), "nowhere.example.com", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void largeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        Message overUdp = Dig.query(server.address(), "big.example.com", Type.TXT, false, null);
        assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
        Message overTcp = Dig.query(server.address(), "big.example.com", Type.TXT, true, null);
        assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(overTcp.getSection(Section.ANSWER)).hasSize(8);
        assertThat(upstream.tcpQueries.get()).isPositive();
    }

    @Test
    void ednsClientsGetLargerUdpAnswersUpTo1232Bytes() throws Exception {
        Message medium = Dig.query(server.address(), "medium.example.com", Type.TXT, false, 4096);
        assertThat(medium.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(medium.getSection(Section.ANSWER)).hasSize(5);
        assertThat(medium.getOPT()).isNotNull();
        assertThat(Dig.query(server.address(), "big.example.com", Type.TXT, false, 4096).getHeader().getFlag(Flags.TC)).isTrue();
    }

    @Test
    void clusterNamesAnswerOverTcpToo() throws Exception {
        Message answer = Dig.query(server.address(), "orders", Type.A, true, null);
        assertThat(answer.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void withoutUpstreamsOutsideNamesAreRefused() throws Exception {
        try (DnsServer refusing = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Resolver(names, () -> table, null), group)) {
            assertThat(Dig.udp(refusing.address(), "example.com", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(Dig.udp(refusing.address(), "orders", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
        }
    }

    @Test
    void deadUpstreamGivesServfailNotSilence() throws Exception {
        InetSocketAddress nobody = upstream.address();
        upstream.close();
        try (DnsServer forwarding = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Resolver(names, () -> table, new Upstreams(List.of(nobody), Duration.ofMillis(300), 64)), group)) {
            assertThat(Dig.udp(forwarding.address(), "example.com", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
        }
    }

    /** {@code count} records of 200 bytes: 5 make about 1.1 KB (over 512, under 1232), 8 about 1.7 KB (over both). */
    private static Record[] txt(String name, int count) throws Exception {
        Record[] records = new Record[count];
        for (int i = 0; i < records.length; i++) {
            records[i] = new TXTRecord(Name.fromString(name), DClass.IN, 60, String.valueOf(i).repeat(200));
        }
        return records;
    }
}
