package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A plain Java application, given only the -javaagent option, resolves cluster names through ktun's resolver. */
class JvmAgentTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final OrdersResolver resolver = new OrdersResolver();

    static List<Path> javas() throws Exception {
        return ChildJvm.javas();
    }

    @ParameterizedTest
    @MethodSource("javas")
    void clusterNamesResolveThroughKtunAndOtherNamesAsBefore(Path java) throws Exception {
        String option = JvmDns.javaAgentOption(JvmDns.writeAgentJar(dir), resolver.address(), resolver.names());
        String orders = resolver.ordersAddress().getHostAddress();

        String output = ChildJvm.run(List.of(java.toString(), option, "-cp", ChildJvm.testClasses(),
                ResolveMain.class.getName(), "orders", "orders.shop", "orders.shop.svc.cluster.local",
                "nope.shop.svc.cluster.local", "localhost"), 60);

        assertThat(output.lines()).as(output).contains("orders=" + orders, "orders.shop=" + orders,
                "orders.shop.svc.cluster.local=" + orders, "nope.shop.svc.cluster.local=unknown", "localhost=127.0.0.1");
    }

    @Test
    void withKtunGoneTheApplicationStillResolvesOtherNames() throws Exception {
        String option = JvmDns.javaAgentOption(JvmDns.writeAgentJar(dir), resolver.address(), resolver.names());
        resolver.stop();

        String output = ChildJvm.run(List.of(ChildJvm.javas().get(0).toString(), option, "-cp", ChildJvm.testClasses(),
                ResolveMain.class.getName(), "localhost", "orders.shop"), 60);

        assertThat(output.lines()).as(output).contains("localhost=127.0.0.1", "orders.shop=unknown");
    }

    @ParameterizedTest
    @MethodSource("javas")
    void aBadAgentOptionNeverStopsTheApplication(Path java) throws Exception {
        String jar = JvmDns.writeAgentJar(dir).toString();

        for (String options : List.of("bogus=1", "dns=not-an-address,domain=cluster.local", "dns=127.0.0.1:53,domain=x,timeout=soon", "")) {
            String output = ChildJvm.run(List.of(java.toString(), "-javaagent:" + jar + "=" + options, "-cp",
                    ChildJvm.testClasses(), ResolveMain.class.getName(), "localhost"), 60);

            assertThat(output.lines()).as(options + ": " + output).contains("localhost=127.0.0.1")
                    .anyMatch(line -> line.startsWith("ktun: the DNS agent is off, cluster names do not resolve in this JVM"));
        }
    }

    @Test
    void theAgentJarHoldsEveryClassOfTheAgentPackage() throws Exception {
        Path compiled = Path.of(JvmDns.class.getResource("jvm").toURI());
        try (Stream<Path> files = Files.list(compiled)) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".class", "")).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(JvmDns.AGENT_CLASSES));
        }
    }
}
