package dev.ktun.outbound;

import dev.ktun.tunnel.Transport;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A ktun resolver on a loopback port that knows one cluster Service, {@code orders} in namespace {@code shop}, and
 * has no upstream: each test gets a fresh one. Register with {@code @RegisterExtension}.
 */
final class OrdersResolver implements BeforeEachCallback, AfterEachCallback {
    private final EventLoopGroup group = Transport.group(1, "test-dns");
    private final ClusterNames names = new ClusterNames("cluster.local", List.of("shop"));
    private final NameTable table = names.table(List.of(ClusterService.of("shop", "orders", 8080)), new AddressBook());
    private DnsServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Resolver(names, () -> table, null), group);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Stops answering before the test ends, as when ktun goes away under a running application. */
    void stop() {
        server.close();
    }

    InetSocketAddress address() {
        return server.address();
    }

    ClusterNames names() {
        return names;
    }

    /** The loopback address the resolver gives {@code orders}. */
    InetAddress ordersAddress() {
        return table.address("orders.shop.svc.cluster.local");
    }
}
