package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveServiceCatalogTest {
    private final LiveServiceCatalog catalog = new LiveServiceCatalog();
    private final AtomicInteger changes = new AtomicInteger();

    LiveServiceCatalogTest() {
        catalog.subscribe(changes::incrementAndGet);
    }

    @Test
    void subscribersHearRealChangesOnly() {
        catalog.put(ClusterService.of("shop", "orders", 80));
        catalog.put(ClusterService.of("shop", "orders", 80));
        catalog.remove("shop", "nope");
        catalog.put(ClusterService.of("shop", "orders", 80, 443));
        catalog.remove("shop", "orders");
        assertThat(changes).hasValue(3);
        assertThat(catalog.services()).isEmpty();
    }

    @Test
    void aRelistReplacesEverythingAtOnce() {
        catalog.put(ClusterService.of("shop", "orders", 80));
        catalog.put(ClusterService.of("shop", "gone", 80));
        catalog.replaceAll(List.of(ClusterService.of("shop", "orders", 80), ClusterService.of("shop", "pay", 80)));
        catalog.replaceAll(List.of(ClusterService.of("shop", "orders", 80), ClusterService.of("shop", "pay", 80)));
        assertThat(catalog.services()).extracting(ClusterService::key).containsExactlyInAnyOrder("shop/orders", "shop/pay");
        assertThat(changes).hasValue(3);
    }
}
