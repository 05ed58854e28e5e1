package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.outbound.wiring.NoWiring;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A full name in a namespace nobody chose ({@code postgres.db.svc.cluster.local}) is answered as a pod would be answered:
 * ktun follows that namespace on the first query, as the client's informers do, and answers once its Services are in.
 * Namespace {@code db} has Service {@code postgres}, {@code empty} has none, {@code secret} may not be listed.
 */
class NamespacesOnDemandTest {
    @TempDir
    Path dir;
    private final List<String> followed = new CopyOnWriteArrayList<>();
    private LiveServiceCatalog catalog;
    private Outbound outbound;

    @BeforeEach
    void start() throws IOException {
        catalog = new LiveServiceCatalog(this::followLikeAnInformer);
        catalog.put(ClusterService.of("shop", "orders", 8080));
        catalog.following("shop");
        OutboundConfig config = OutboundConfig.of("cluster.local", List.of("shop"), dir.resolve("state"))
                .withResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        outbound = Outbound.start(config, catalog, () -> null, new NoWiring(dir.resolve("resolv.conf")), argv -> "",
                OutboundEvents.SILENT);
    }

    @AfterEach
    void stop() {
        outbound.close();
    }

    /** An informer's first list takes a moment; the developer may not list everything. */
    private CompletionStage<Void> followLikeAnInformer(String namespace) {
        followed.add(namespace);
        return CompletableFuture.runAsync(() -> {
            if (namespace.equals("secret")) {
                throw new IllegalStateException("you may not list services in namespace 'secret'");
            }
            if (namespace.equals("db")) {
                catalog.put(ClusterService.of("db", "postgres", 5432));
            }
            catalog.following(namespace);
        }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aFullNameInANamespaceNotChosenIsAnsweredOnceThatNamespaceIsFollowed() throws Exception {
        Message answer = ask("postgres.db.svc.cluster.local");

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        InetAddress postgres = ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress();
        assertThat(followed).containsExactly("db");
        assertThat(outbound.listening()).anySatisfy(b -> assertThat(b.local()).isEqualTo(new InetSocketAddress(postgres, 5432)));
        assertThat(address(ask("postgres.db"))).as("a followed namespace's short names too").isEqualTo(postgres);
        assertThat(followed).containsExactly("db");
    }

    @Test
    void theDotSvcFormFollowsTheNamespaceToo() throws Exception {
        assertThat(ask("postgres.db.svc").getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(followed).containsExactly("db");
    }

    @Test
    void aNamespaceTheDeveloperMayNotListGetsServfailNeverAnNxdomainThatDeniesItsServices() throws Exception {
        assertThat(ask("vault.secret.svc.cluster.local").getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void inAFollowedNamespaceAnUnknownServiceIsNxdomainAndTheNamespaceItselfExists() throws Exception {
        assertThat(ask("nope.empty.svc.cluster.local").getRcode()).isEqualTo(Rcode.NXDOMAIN);
        Message namespace = ask("empty.svc.cluster.local");
        assertThat(namespace.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(namespace.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void aTwoLabelNameOfANamespaceNotFollowedIsNotTheClustersAndFollowsNothing() throws Exception {
        assertThat(ask("example.dev").getRcode()).as("forwarded; refused without upstreams").isEqualTo(Rcode.REFUSED);
        assertThat(followed).isEmpty();
    }

    private Message ask(String name) throws IOException {
        return Dig.udp(outbound.resolverAddress(), name, Type.A);
    }

    private static InetAddress address(Message answer) {
        return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress();
    }
}
