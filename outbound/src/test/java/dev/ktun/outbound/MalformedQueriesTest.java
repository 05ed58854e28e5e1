package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Every corpus input, sent to the real UDP server, gets its expected answer or none, and the next query is answered. */
class MalformedQueriesTest {
    @RegisterExtension
    final OrdersResolver resolver = new OrdersResolver();

    @Test
    void everyInputGetsItsExpectedAnswerOrIsDroppedAndTheNextQueryIsAnswered() throws Exception {
        byte[] valid = Message.newQuery(Record.newRecord(Name.fromString("orders.shop."), Type.A, DClass.IN)).toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(resolver.address());
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
