package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Whatever bytes arrive as a query, the resolver answers at once with a well-formed response to that query id (or
 * drops them), never throws, and answers the next valid query.
 *
 * <p>{@code ./mvnw verify} replays the inputs under {@code QueryFuzzTestInputs/anyQueryBytes/} (Jazzer's regression
 * mode, as {@code FrameDecoderFuzzTest} in the tunnel module); {@code JAZZER_FUZZ=1} fuzzes, and a crash it finds is
 * written there as a new input (add it to {@link QueryCorpus#EXPECTED}).
 */
class QueryFuzzTest {
    private static final Set<Integer> ALLOWED = Set.of(Rcode.NOERROR, Rcode.NXDOMAIN, Rcode.FORMERR, Rcode.NOTIMP,
            Rcode.REFUSED, Rcode.BADVERS);
    private static final ClusterNames NAMES = new ClusterNames("cluster.local", List.of("shop"));
    private static final NameTable TABLE = NAMES.table(List.of(ClusterService.of("shop", "orders", 8080)), new AddressBook());
    private static final Resolver RESOLVER = new Resolver(NAMES, () -> TABLE, null);

    @FuzzTest(maxDuration = "60s")
    void anyQueryBytes(byte[] input) throws Exception {
        CompletableFuture<byte[]> answer = RESOLVER.answer(input, input.length > 0 && input[0] % 2 == 0).toCompletableFuture();
        assertThat(answer).as("answered at once, without an upstream").isDone();
        byte[] wire = answer.join();
        if (wire != null) {
            Message response = new Message(wire);
            assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
            assertThat(response.getHeader().getID()).isEqualTo((input[0] & 0xff) << 8 | (input[1] & 0xff));
            assertThat(ALLOWED).contains(response.getRcode());
        }
        Message valid = Message.newQuery(Record.newRecord(Name.fromString("orders.shop."), Type.A, DClass.IN));
        Message next = new Message(RESOLVER.answer(valid.toWire(), false).toCompletableFuture().join());
        assertThat(next.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(next.getSection(org.xbill.DNS.Section.ANSWER)).hasSize(1);
    }
}
