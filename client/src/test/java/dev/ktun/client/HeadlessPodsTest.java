package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ktun.outbound.HeadlessPod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which endpoints of a headless Service's EndpointSlices get names of their own, and at which address. */
class HeadlessPodsTest {
    @Test
    void aReadyEndpointWithAHostnameIsAPodAtItsFirstAddress() {
        EndpointSlice slice = slice("db-abc12", "IPv4", endpoint("db-0", true, "10.1.0.7", "10.1.0.8"));

        assertThat(HeadlessPods.of(List.of(slice))).containsExactly(new HeadlessPod("db-0", "10.1.0.7"));
    }

    @Test
    void anEndpointWithoutAHostnameHasNoNameOfItsOwn() {
        EndpointSlice slice = slice("web-abc12", "IPv4", endpoint(null, true, "10.1.0.7"));

        assertThat(HeadlessPods.of(List.of(slice))).isEmpty();
    }

    @Test
    void anEndpointThatIsNotReadyIsLeftOut() {
        EndpointSlice slice = slice("db-abc12", "IPv4", endpoint("db-0", false, "10.1.0.7"), endpoint("db-1", true, "10.1.0.8"));

        assertThat(HeadlessPods.of(List.of(slice))).containsExactly(new HeadlessPod("db-1", "10.1.0.8"));
    }

    @Test
    void unsetReadinessMeansReadyAsTheApiSays() {
        Endpoint noConditions = new EndpointBuilder().withHostname("db-1").withAddresses("10.1.0.8").build();
        EndpointSlice slice = slice("db-abc12", "IPv4", endpoint("db-0", null, "10.1.0.7"), noConditions);

        assertThat(HeadlessPods.of(List.of(slice)))
                .containsExactly(new HeadlessPod("db-0", "10.1.0.7"), new HeadlessPod("db-1", "10.1.0.8"));
    }

    @Test
    void theSlicesOfOneServiceAreMergedInHostnameOrderWhateverTheirOrder() {
        EndpointSlice first = slice("db-aaaaa", "IPv4", endpoint("db-2", true, "10.1.0.9"));
        EndpointSlice second = slice("db-bbbbb", "IPv4", endpoint("db-0", true, "10.1.0.7"), endpoint("db-1", true, "10.1.0.8"));

        List<HeadlessPod> pods = HeadlessPods.of(List.of(first, second));

        assertThat(pods).containsExactly(new HeadlessPod("db-0", "10.1.0.7"), new HeadlessPod("db-1", "10.1.0.8"),
                new HeadlessPod("db-2", "10.1.0.9"));
        assertThat(HeadlessPods.of(List.of(second, first))).isEqualTo(pods);
    }

    @Test
    void anEndpointInTwoSlicesIsOnePodFromTheSliceFirstByName() {
        EndpointSlice older = slice("db-aaaaa", "IPv4", endpoint("db-0", true, "10.1.0.7"));
        EndpointSlice newer = slice("db-bbbbb", "IPv4", endpoint("db-0", true, "10.1.0.70"));

        assertThat(HeadlessPods.of(List.of(newer, older))).containsExactly(new HeadlessPod("db-0", "10.1.0.7"));
    }

    @Test
    void aDualStackServiceGivesItsPodsIpv4Addresses() {
        EndpointSlice ipv6 = slice("db-aaaaa", "IPv6", endpoint("db-0", true, "fd00::7"));
        EndpointSlice ipv4 = slice("db-bbbbb", "IPv4", endpoint("db-0", true, "10.1.0.7"));

        assertThat(HeadlessPods.of(List.of(ipv6, ipv4))).containsExactly(new HeadlessPod("db-0", "10.1.0.7"));
    }

    @Test
    void aSliceWithoutEndpointsGivesNoPods() {
        assertThat(HeadlessPods.of(List.of(slice("db-abc12", "IPv4")))).isEmpty();
    }

    private static EndpointSlice slice(String name, String addressType, Endpoint... endpoints) {
        return new EndpointSliceBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/service-name", "db").endMetadata()
                .withAddressType(addressType).withEndpoints(endpoints.length == 0 ? null : List.of(endpoints)).build();
    }

    private static Endpoint endpoint(String hostname, Boolean ready, String... addresses) {
        return new EndpointBuilder().withHostname(hostname).withAddresses(addresses).withNewConditions().withReady(ready).endConditions()
                .build();
    }
}
