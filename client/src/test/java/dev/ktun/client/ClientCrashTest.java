package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the proxy does when the developer's machine goes away, and how the client comes back. */
class ClientCrashTest {
    @TempDir
    Path dir;

    private TestServer origin;
    private TestServer local;
    private TestServer sink;
    private DataPlane plane;
    private Process client;

    @BeforeEach
    void start() throws Exception {
        origin = TestServer.saying("origin");
        local = TestServer.saying("local");
        sink = TestServer.start(s -> s.getInputStream().transferTo(OutputStream.nullOutputStream()));
        plane = DataPlane.withOrigins(origin.port(), Ports.free());
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        plane.close();
        origin.close();
        local.close();
        sink.close();
    }

    @Test
    void killedClientsPortGoesToTheOriginAtOnceAndARestartedClientTakesItBack() throws Exception {
        client = startClientProcess();
        await().atMost(Duration.ofSeconds(20)).until(() -> Wire.ask(plane.routePort(0)).equals("local"));
        Socket transfer = Wire.connect(plane.routePort(1));
        AtomicLong sent = new AtomicLong();
        AtomicReference<IOException> cut = new AtomicReference<>();
        Thread writer = pump(transfer, sent, cut);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() > 8 * 1024 * 1024);

        client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> Wire.ask(plane.routePort(0)).equals("origin"));
        assertThat(Wire.ask(plane.routePort(0))).isEqualTo("origin");
        writer.join(10_000);
        assertThat(cut.get()).as("the interrupted transfer fails instead of hanging or ending cleanly").isNotNull();
        transfer.close();

        client = startClientProcess();
        await().atMost(Duration.ofSeconds(20)).until(() -> Wire.ask(plane.routePort(0)).equals("local"));
    }

    @Test
    void clientReconnectsAndReclaimsItsPortAfterTheProxyRestarts() throws Exception {
        DataPlane.Client inProcess = plane.client(List.of(new PortClaim(local.port(), plane.routePort(0))), List.of());
        assertThat(Wire.ask(plane.routePort(0))).isEqualTo("local");

        plane.stopProxy();
        inProcess.awaitLog("tunnel lost");
        plane.startProxy();

        await().atMost(Duration.ofSeconds(15)).until(() -> Wire.ask(plane.routePort(0)).equals("local"));
        assertThat(inProcess.log().toString()).contains("reconnecting in");
    }

    /** The real CLI in its own JVM, so that it can be killed like a laptop process. */
    private Process startClientProcess() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), DataPlane.TOKEN);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Ktun.class.getName(), "tunnel",
                "--endpoint", plane.tunnelEndpoint().toString(), "--token-file", token.toString(),
                "--port", local.port() + ":" + plane.routePort(0), "--port", sink.port() + ":" + plane.routePort(1))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("client-" + System.nanoTime() + ".log").toFile())
                .start();
    }

    /** Writes into the socket until it fails; counts what it wrote and keeps the failure. */
    private static Thread pump(Socket socket, AtomicLong sent, AtomicReference<IOException> cut) {
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                OutputStream out = socket.getOutputStream();
                while (true) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                cut.set(e);
            }
        }, "transfer-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }
}
