package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterNamesTest {
    private final ClusterNames names = new ClusterNames("cluster.local", List.of("shop", "default"));
    private final ClusterService orders = ClusterService.of("shop", "orders", 8080);
    private final ClusterService db = new ClusterService("data", "db", List.of(new ServicePort("pg", 5432)), true,
            List.of(new HeadlessPod("db-0", "10.1.2.3")));
    private final NameTable table = names.table(List.of(orders, ClusterService.of("default", "orders", 80), db), new AddressBook());

    @Test
    void everyFormAPodCouldUseNamesTheSameService() {
        Lookup.Known full = (Lookup.Known) names.lookup(table, "orders.shop.svc.cluster.local.");
        assertThat(List.of("orders", "orders.shop", "orders.shop.svc", "ORDERS.Shop.svc.cluster.local"))
                .allSatisfy(form -> assertThat(names.lookup(table, form)).isEqualTo(full));
    }

    @Test
    void bareNamesFollowTheChosenNamespacesInOrder() {
        assertThat(((Lookup.Known) names.lookup(table, "orders")).fqdn()).isEqualTo("orders.shop.svc.cluster.local");
        assertThat(((Lookup.Known) names.lookup(table, "orders.default")).fqdn()).isEqualTo("orders.default.svc.cluster.local");
    }

    @Test
    void headlessPodsHaveTheirOwnNamesAndAddresses() {
        Lookup.Known pod = (Lookup.Known) names.lookup(table, "db-0.db.data.svc.cluster.local");
        Lookup.Known service = (Lookup.Known) names.lookup(table, "db.data");
        assertThat(pod.address()).isNotEqualTo(service.address());
        assertThat(names.lookup(table, "db-0.db.data")).isEqualTo(pod);
    }

    @Test
    void unknownNamesInsideTheClusterDomainAreNxdomain() {
        assertThat(names.lookup(table, "nope.shop.svc.cluster.local")).isInstanceOf(Lookup.Unknown.class);
        assertThat(names.lookup(table, "x.orders.shop.svc.cluster.local")).isInstanceOf(Lookup.Unknown.class);
    }

    @Test
    void aNameInANamespaceNotFollowedIsNotDeniedButToBeFollowed() {
        assertThat(List.of("postgres.db.svc.cluster.local", "postgres.db.svc", "db.svc.cluster.local", "x.postgres.db.svc.cluster.local"))
                .allSatisfy(name -> assertThat(names.lookup(table, name)).isEqualTo(new Lookup.Unfollowed("db")));
        assertThat(names.lookup(table, "postgres.db")).as("may as well be example.dev").isInstanceOf(Lookup.Outside.class);
    }

    @Test
    void aFollowedNamespaceWithoutServicesExistsAndDeniesItsUnknownNames() {
        NameTable followed = names.table(List.of(orders), java.util.Set.of("empty"), new AddressBook());
        assertThat(names.lookup(followed, "empty.svc.cluster.local")).isInstanceOf(Lookup.EmptyNonTerminal.class);
        assertThat(names.lookup(followed, "nope.empty.svc.cluster.local")).isInstanceOf(Lookup.Unknown.class);
    }

    @Test
    void namesAboveServicesExistWithoutRecords() {
        assertThat(List.of("cluster.local", "svc.cluster.local", "shop.svc.cluster.local", "data.svc.cluster.local"))
                .allSatisfy(name -> assertThat(names.lookup(table, name)).isInstanceOf(Lookup.EmptyNonTerminal.class));
    }

    @Test
    void namesThatMatchNoServiceAreNotTheClusters() {
        assertThat(List.of("example.com", "localhost", "nope.shop", "orders.elsewhere"))
                .allSatisfy(name -> assertThat(names.lookup(table, name)).isInstanceOf(Lookup.Outside.class));
    }

    @Test
    void addressesAreLoopbackStableAndNeverTheMachines() {
        AddressBook book = new AddressBook("127.241.0.254");
        String first = book.addressOf("a").getHostAddress();
        assertThat(first).isEqualTo("127.241.0.254");
        assertThat(book.addressOf("b").getHostAddress()).isEqualTo("127.241.1.1");
        assertThat(book.addressOf("a").getHostAddress()).isEqualTo(first);
        assertThat(new AddressBook("127.0.0.1").addressOf("c").getHostAddress()).isEqualTo("127.0.0.2");
    }

    @Test
    void hostsEntriesGiveTheBareNameToTheFirstChosenNamespace() {
        var entries = names.hostsEntries(List.of(ClusterService.of("default", "orders", 80), orders), table);
        assertThat(entries.get(table.address("orders.shop.svc.cluster.local"))).contains("orders", "orders.shop");
        assertThat(entries.get(table.address("orders.default.svc.cluster.local"))).doesNotContain("orders");
    }
}
