package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ktun tunnel} as a user meets it: exit codes and messages for what goes wrong. */
class TunnelCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private TestServer origin;
    private TestServer local;
    private DataPlane plane;

    @BeforeEach
    void start() throws Exception {
        origin = TestServer.saying("origin");
        local = TestServer.saying("local");
        plane = DataPlane.withOrigins(origin.port());
    }

    @AfterEach
    void stop() throws Exception {
        plane.close();
        origin.close();
        local.close();
    }

    @Test
    void wrongTokenIsRefusedWithinASecondWithExitCode1AndTheProxyKeepsServingOthers() throws Exception {
        Path wrong = Files.writeString(dir.resolve("token"), "not-the-token\n");

        long start = System.nanoTime();
        int code = ktun("tunnel", "--endpoint", plane.tunnelEndpoint().toString(), "--token-file", wrong.toString(),
                "--port", local.port() + ":" + plane.routePort(0));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(code).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("refused the tunnel: the tunnel token was not accepted (AUTH_FAILED)")
                .contains("--token-file");
        assertThat(Wire.ask(plane.routePort(0))).isEqualTo("origin");
        plane.client(List.of(new PortClaim(local.port(), plane.routePort(0))), List.of());
        assertThat(Wire.ask(plane.routePort(0))).isEqualTo("local");
    }

    @Test
    void missingTokenFileIsAUsageError() {
        int code = ktun("tunnel", "--endpoint", plane.tunnelEndpoint().toString(), "--token-file",
                dir.resolve("nope").toString(), "--port", "3000:" + plane.routePort(0));

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("token file").contains("does not exist");
    }

    @Test
    void emptyTokenFileIsAUsageError() throws Exception {
        Path empty = Files.writeString(dir.resolve("token"), "  \n");

        int code = ktun("tunnel", "--endpoint", plane.tunnelEndpoint().toString(), "--token-file", empty.toString(),
                "--port", "3000:" + plane.routePort(0));

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("is empty");
    }

    @Test
    void portWithoutProxyPortIsAUsageErrorThatShowsTheForm() {
        int code = ktun("tunnel", "--endpoint", "127.0.0.1:7300", "--token-file", "t", "--port", "8080");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("'8080' is not LOCAL:PROXYPORT (e.g. 8080:80)");
    }

    @Test
    void endpointThatIsNotHostPortIsAUsageError() {
        int code = ktun("tunnel", "--endpoint", "localhost", "--token-file", "t", "--port", "1:2");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("'localhost' is not HOST:PORT");
    }

    @Test
    void tunnelWithNothingToDoIsAUsageError() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), DataPlane.TOKEN);

        int code = ktun("tunnel", "--endpoint", plane.tunnelEndpoint().toString(), "--token-file", token.toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("nothing to do");
    }

    @Test
    void forwardOnABusyLocalPortFailsWithTheAddress() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), DataPlane.TOKEN);

        int code = ktun("tunnel", "--endpoint", plane.tunnelEndpoint().toString(), "--token-file", token.toString(),
                "--forward", "127.0.0.1:" + local.port() + "=127.0.0.1:" + origin.port());

        assertThat(code).isEqualTo(ExitCode.FAILURE);
        assertThat(err.toString()).contains("cannot listen on 127.0.0.1:" + local.port() + " for --forward");
    }

    private int ktun(String... args) {
        return Ktun.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
