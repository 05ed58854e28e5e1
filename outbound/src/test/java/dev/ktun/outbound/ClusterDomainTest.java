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
    void podResolvConfNamesItThroughItsSearchList() {
        assertThat(ClusterDomain.fromResolvConf("search shop.svc.corp.internal svc.corp.internal corp.internal\nnameserver 10.96.0.10\n"))
                .contains("corp.internal");
        assertThat(ClusterDomain.fromResolvConf("nameserver 1.1.1.1\n")).isEmpty();
    }

    @Test
    void firstSourceThatKnowsWins() {
        List<String> warnings = new ArrayList<>();
        String domain = ClusterDomain.discover(List.of(() -> { throw new IllegalStateException("forbidden"); },
                Optional::empty, () -> Optional.of("Other.Local.")), warnings::add);
        assertThat(domain).isEqualTo("other.local");
        assertThat(warnings).singleElement().asString().contains("forbidden");
    }

    @Test
    void clusterLocalIsOnlyTheAnnouncedLastResort() {
        List<String> warnings = new ArrayList<>();
        assertThat(ClusterDomain.discover(List.of(Optional::empty), warnings::add)).isEqualTo("cluster.local");
        assertThat(warnings).singleElement().asString().contains("assuming 'cluster.local'");
    }
}
