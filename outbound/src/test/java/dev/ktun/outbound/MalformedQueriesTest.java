package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.tunnel.Transport;
import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Every corpus input, sent to the real UDP server, gets its expected answer or none, and the next query is answered. */
class MalformedQueriesTest {
    private final EventLoopGroup group = Transport.group(1, "test-dns");
    private final ClusterNames names = new ClusterNames("cluster.local", List.of("shop"));
    private final NameTable table = names.table(List.of(ClusterService.of("shop", "orders", 8080)), new AddressBook());
    private DnsServer server;

    @BeforeEach
    void start() throws Exception {
        server = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Resolver(names, () -> table, null), group);
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void everyInputGetsItsExpectedAnswerOrIsDroppedAndTheNextQueryIsAnswered() throws Exception {
        byte[] valid = Message.newQuery(Record.newRecord(Name.fromString("orders.shop."), Type.A, DClass.IN)).toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server.address());
            socket.setSoTimeout(3000);
            for (var input : QueryCorpus.EXPECTED.entrySet()) {
                byte[] bad = QueryCorpus.bytes(input.getKey());
                int validId = (bad.length >= 2 ? ((bad[0] & 0xff) << 8 | (bad[1] & 0xff)) : 0) ^ 0x5555;
                valid[0] = (byte) (validId >>> 8);
                valid[1] = (byte) validId;
                socket.send(new DatagramPacket(bad, bad.length));
                socket.send(new DatagramPacket(valid, valid.length));
                Message first = receive(socket);
                if (input.getValue().equals("DROP")) {
                    assertThat(first.getHeader().getID()).as(input.getKey() + " was answered").isEqualTo(validId);
                } else {
                    assertThat(Rcode.string(first.getRcode())).as(input.getKey()).isEqualTo(input.getValue());
                    assertThat(first.getHeader().getID()).as(input.getKey()).isNotEqualTo(validId);
                    Message next = receive(socket);
                    assertThat(next.getHeader().getID()).as("the query after " + input.getKey()).isEqualTo(validId);
                }
            }
        }
    }

    @Test
    void corpusOnDiskIsExactlyTheListedInputs() throws Exception {
        var dir = java.nio.file.Path.of(MalformedQueriesTest.class.getResource(QueryCorpus.DIR).toURI());
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()))
                    .isEqualTo(Set.copyOf(QueryCorpus.EXPECTED.keySet()));
        }
    }

    private static Message receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return new Message(Arrays.copyOf(buffer, packet.getLength()));
    }
}
