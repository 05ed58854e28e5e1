package dev.ktun.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.ktun.outbound.wiring.WiringJournal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/**
 * The real thing in a network namespace, as root: ktun's outbound runs inside it the way {@code ktun connect} does
 * ({@link NetnsKtunMain}: the wiring chosen for the machine it finds, port 53 on its own loopback, the journal where
 * every repair looks), the proxy and the "pods" in the host namespace at the far end of a veth pair, and the namespace's
 * original resolver is a second DNS server on the host side. Ordinary tools inside resolve and reach the cluster Service.
 * One namespace for the class (the steps build on each other: serving, the crash, the repair, the restart, the
 * fallback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetnsOutboundTest {
    private static final String OUTSIDE = "outside.example.test";

    @TempDir
    static Path state;
    private NetworkNamespace ns;
    private FakeUpstream original;
    private TestCluster cluster;
    private Process ktun;
    private String originalResolvConf;
    private final List<String> ktunOutput = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        assumeThat(NetworkNamespace.available()).as("root and iproute2 (ip netns)").isTrue();
        assumeThat(NetworkNamespace.onPath("dig") && NetworkNamespace.onPath("curl") && NetworkNamespace.onPath("getent"))
                .as("dig, curl and getent").isTrue();
        try {
            ns = NetworkNamespace.create();
            originalResolvConf = "# the namespace's own DNS\nnameserver " + ns.hostAddress + "\noptions timeout:2\n";
            Files.writeString(ns.resolvConf, originalResolvConf);
            original = new FakeUpstream(new InetSocketAddress(Inet4Addresses.of(ns.hostAddress), 53))
                    .with(new ARecord(Name.fromString(OUTSIDE + "."), DClass.IN, 60, InetAddress.getByName("192.0.2.80")));
            cluster = TestCluster.start(ns.hostAddress);
            startKtun(false);
        } catch (Exception | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (ktun != null) {
            ktun.destroyForcibly().waitFor();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (original != null) {
            original.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    @Order(1)
    void resolvConfInsideNamesKtunFirstAndTheNamespacesOwnServerAfterIt() throws Exception {
        assertThat(Files.readString(ns.resolvConf)).contains("nameserver 127.241.0.53\nnameserver " + ns.hostAddress + "\n",
                "search shop.svc.cluster.local");
        assertThat(state.resolve("system").resolve(WiringJournal.FILE_NAME)).as("root's journal, where every repair looks")
                .exists();
    }

    @Test
    @Order(2)
    void getentResolvesBareAndQualifiedServiceNames() throws Exception {
        assertThat(ns.exec("getent", "hosts", "orders")).contains("127.241.1.1").endsWith("exit 0");
        assertThat(ns.exec("getent", "hosts", "orders.shop")).contains("127.241.1.1").endsWith("exit 0");
    }

    @Test
    @Order(3)
    void digGetsTheServiceNxdomainForUnknownClusterNamesAndOutsideNamesFromTheOriginalResolver() throws Exception {
        assertThat(ns.exec("dig", "+short", "+tries=1", "orders.shop.svc.cluster.local")).startsWith("127.241.1.1\n");
        assertThat(ns.exec("dig", "+tries=1", "nope.shop.svc.cluster.local")).contains("status: NXDOMAIN");
        assertThat(ns.exec("getent", "hosts", "nope.shop.svc.cluster.local")).endsWith("exit 2");
        assertThat(ns.exec("dig", "+short", "+tries=1", OUTSIDE)).startsWith("192.0.2.80\n");
        assertThat(original.udpQueries.get()).isPositive();
    }

    @Test
    @Order(4)
    void curlReachesTheServiceByNameThroughTheTunnel() throws Exception {
        String url = "http://orders.shop:" + cluster.servicePort() + "/";
        assertThat(ns.exec("curl", "-sS", "--max-time", "10", url)).isEqualTo(TestCluster.BODY + "exit 0");
    }

    @Test
    @Order(5)
    void aJavaClientReachesTheServiceByName() throws Exception {
        String url = "http://orders:" + cluster.servicePort() + "/";
        assertThat(ns.exec(java(), "-cp", ChildJvm.testClasses(), HttpGetMain.class.getName(), url))
                .isEqualTo(TestCluster.BODY + "\nexit 0");
    }

    @Test
    @Order(6)
    void afterKillNineTheNamespaceStillResolvesOutsideNamesThroughItsOwnServer() throws Exception {
        ktun.destroyForcibly().waitFor();
        assertThat(Files.readString(ns.resolvConf)).as("a killed ktun cannot clean up").contains("127.241.0.53");

        assertThat(ns.exec("getent", "hosts", OUTSIDE)).contains("192.0.2.80").endsWith("exit 0");
    }

    @Test
    @Order(7)
    void theRepairOfKtunConnectPutsTheNamespacesDnsBack() throws Exception {
        String repaired = ns.exec(java(), "-cp", classPath(), NetnsKtunMain.class.getName(), "--repair", state.toString());

        assertThat(repaired).contains("undone=1").endsWith("exit 0");
        assertThat(Files.readString(ns.resolvConf)).isEqualTo(originalResolvConf);
        assertThat(state.resolve("system").resolve(WiringJournal.FILE_NAME)).doesNotExist();
    }

    @Test
    @Order(8)
    void theNextStartRepairsFirstAndAStopRestoresAgain() throws Exception {
        startKtun(false);
        ktun.destroyForcibly().waitFor();
        startKtun(false);
        assertThat(ktunOutput).anyMatch(line -> line.contains("undid"));
        assertThat(ns.exec("getent", "hosts", "orders.shop")).contains("127.241.1.1");
        stopKtun();
        assertThat(Files.readString(ns.resolvConf)).isEqualTo(originalResolvConf);
    }

    @Test
    @Order(9)
    void aResolvConfThatCannotBeWrittenGivesWayToTheNamespacesHostsFile() throws Exception {
        startKtun(true);

        assertThat(ktunOutput).anyMatch(line -> line.contains("the preferred wiring did not work here"));
        assertThat(Files.readString(ns.resolvConf)).isEqualTo(originalResolvConf);
        assertThat(ns.exec("getent", "hosts", "orders.shop")).contains("127.241.1.1").endsWith("exit 0");
        String url = "http://orders.shop:" + cluster.servicePort() + "/";
        assertThat(ns.exec("curl", "-sS", "--max-time", "10", url)).isEqualTo(TestCluster.BODY + "exit 0");
        stopKtun();
        assertThat(Files.readString(ns.hostsFile)).isEqualTo(NetworkNamespace.HOSTS);
    }

    private void startKtun(boolean readOnlyResolvConf) throws Exception {
        ktun = ns.start(List.of(java(), "-cp", classPath(), NetnsKtunMain.class.getName(), state.toString(),
                cluster.tunnelEndpoint().toString(), String.valueOf(cluster.servicePort())), readOnlyResolvConf);
        ktunOutput.clear();
        Process started = ktun;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    ktunOutput.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "netns-ktun-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> ktunOutput.stream().anyMatch(l -> l.startsWith("ready")) || !ktun.isAlive());
        assertThat(ktun.isAlive()).as("ktun in the namespace started: " + ktunOutput).isTrue();
    }

    /** As Ctrl-C would, in order: the test closes ktun's stdin, and it undoes its wiring on the way out. */
    private void stopKtun() throws Exception {
        ktun.getOutputStream().close();
        assertThat(ktun.waitFor(20, TimeUnit.SECONDS)).as("ktun stopped: " + ktunOutput).isTrue();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test JVM's class path; surefire's is in a manifest-only jar, and the real list in this property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
