package dev.ktun.outbound.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WiringChoiceTest {
    private static final Path ETC = Path.of("/nonexistent/etc");

    private static DnsWiring on(String os, boolean privileged, boolean resolved) {
        return WiringChoice.choose(new WiringChoice.Machine(os, privileged, ETC.resolve("resolv.conf"), ETC.resolve("hosts"),
                ETC.resolve("resolver"), ETC.resolve("upstreams"), resolved), argv -> "");
    }

    @Test
    void splitDnsWhereTheOsHasItWithTheHostsFileBehindOnLinux() {
        assertThat(on("Linux", true, true)).isInstanceOf(FallbackWiring.class)
                .extracting("preferred").isInstanceOf(SystemdResolvedWiring.class);
        assertThat(on("Linux", true, true)).extracting("fallback").isInstanceOf(HostsBlock.class);
        assertThat(on("Mac OS X", true, false)).isInstanceOf(MacResolverFiles.class);
    }

    @Test
    void resolvConfOnOtherLinuxWithTheHostsFileBehindAndTheHostsFileElsewhere() {
        assertThat(on("Linux", true, false)).isInstanceOf(FallbackWiring.class)
                .extracting("preferred").isInstanceOf(ResolvConfWiring.class);
        assertThat(on("FreeBSD", true, false)).isInstanceOf(HostsBlock.class);
    }

    @Test
    void withoutPrivilegeNothingChanges() {
        assertThat(on("Linux", false, true)).isInstanceOf(NoWiring.class);
        assertThat(on("Mac OS X", false, false)).isInstanceOf(NoWiring.class);
    }
}
