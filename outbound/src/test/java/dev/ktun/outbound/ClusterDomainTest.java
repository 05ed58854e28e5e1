package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterDomainTest {

    @Test
    void corefileNamesTheZoneOfTheKubernetesPlugin() {
        String corefile = ".:53 {\n    errors\n    kubernetes k8s.example.org in-addr.arpa ip6.arpa {\n       pods insecure\n    }\n}\n";
        assertThat(ClusterDomain.fromCorefile(corefile)).contains("k8s.example.org");
    }

    @Test
    void aServicesReverseNameEndsInTheDomain() {
        assertThat(ClusterDomain.fromServiceName("orders.shop.svc.Corp.Internal.")).contains("corp.internal");
        assertThat(ClusterDomain.fromServiceName("host.example.com.")).isEmpty();
        assertThat(ClusterDomain.fromServiceName("shop.svc.cluster.local")).isEmpty();
    }

    @Test
    void firstSourceThatKnowsWinsAndTheOnesBeforeItStayQuiet() {
        List<String> warnings = new ArrayList<>();
        String domain = ClusterDomain.discover(List.of(() -> { throw new IllegalStateException("forbidden"); },
                Optional::empty, () -> Optional.of("Other.Local.")), warnings::add);
        assertThat(domain).isEqualTo("other.local");
        assertThat(warnings).isEmpty();
    }

    @Test
    void clusterLocalIsOnlyTheAnnouncedLastResortWithEverySourcesReason() {
        List<String> warnings = new ArrayList<>();
        ClusterDomain.Source forbidden = new ClusterDomain.Source() {
            @Override
            public Optional<String> domain() {
                throw new IllegalStateException("forbidden");
            }

            @Override
            public String toString() {
                return "ConfigMap kube-system/coredns";
            }
        };
        assertThat(ClusterDomain.discover(List.of(forbidden, Optional::empty), warnings::add)).isEqualTo("cluster.local");
        assertThat(warnings).singleElement().asString()
                .contains("ConfigMap kube-system/coredns: forbidden", "it names no domain", "assuming 'cluster.local'");
    }
}
