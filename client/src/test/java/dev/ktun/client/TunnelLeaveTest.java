package dev.ktun.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.ktun.tunnel.TunnelSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves (Ctrl-C, the end of an intercept) sends new callers back to the origin at once, and lets the
 * callers already on its tunnel have their answers first, for a bounded time.
 */
class TunnelLeaveTest {
    /** More than every buffer on the way holds, so that a caller that does not read holds the developer's answer up. */
    private static final int BIG_ANSWER = 64 * 1024 * 1024;

    private final CountDownLatch asked = new CountDownLatch(1);
    private final CountDownLatch answer = new CountDownLatch(1);
    private TestServer origin;
    private TestServer local;
    private DataPlane plane;
    private DataPlane.Client client;
    private TunnelClient tunnel;

    @BeforeEach
    void start() throws Exception {
        origin = TestServer.saying("origin");
        // The developer's process, keeping connections alive: answers "wait" once the test lets it, as a process paused
        // in a debugger would, anything else at once.
        local = TestServer.start(socket -> {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String request; (request = in.readLine()) != null; ) {
                if (request.equals("wait")) {
                    asked.countDown();
                    awaitAnswer();
                }
                if (request.equals("big")) {
                    socket.getOutputStream().write(new byte[BIG_ANSWER]);
                }
                socket.getOutputStream().write("local\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        plane = DataPlane.withOrigins(origin.port());
        client = plane.client(List.of(new PortClaim(local.port(), plane.routePort(0))), List.of());
        tunnel = client.tunnel();
    }

    @AfterEach
    void stop() throws IOException {
        answer.countDown();
        plane.close();
        local.close();
        origin.close();
    }

    @Test
    void aCallerWaitingForTheDeveloperWhenTheClientLeavesGetsItsAnswer() throws Exception {
        CompletableFuture<Void> left;
        try (Socket caller = callerWaitingForTheDeveloper()) {
            left = CompletableFuture.runAsync(tunnel::stop);
            answerWhenNewCallersReachTheOrigin();

            assertThat(readLine(caller)).isEqualTo("local");
        }
        // Its last caller gone, the client is done before the limit would have ended the leave.
        left.get(TunnelClient.LEAVE_LIMIT.toMillis() / 2, TimeUnit.MILLISECONDS);
    }

    @Test
    void newCallersReachTheOriginWhileTheLeavingClientFinishesItsCallers() throws Exception {
        try (Socket caller = callerWaitingForTheDeveloper()) {
            CompletableFuture.runAsync(tunnel::stop);

            await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> Wire.ask(plane.routePort(0)).equals("origin"));
            assertThat(left()).isFalse();
        }
    }

    @Test
    void aCallerStillWaitingWhenTheLeaveLimitEndsIsCut() throws Exception {
        try (Socket caller = callerWaitingForTheDeveloper()) {
            CompletableFuture<Void> left = CompletableFuture.runAsync(tunnel::stop);

            left.get(TunnelClient.LEAVE_LIMIT.plusSeconds(2).toMillis(), TimeUnit.MILLISECONDS);
            Throwable cut = catchThrowable(() -> assertThat(caller.getInputStream().read()).isEqualTo(-1));
            assertThat(cut).satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).isInstanceOf(SocketException.class));
        }
    }

    @Test
    void aKeptAliveCallerBetweenRequestsIsClosedCleanlyAndDoesNotHoldTheLeave() throws Exception {
        try (Socket caller = Wire.connect(plane.routePort(0))) {
            caller.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("local");

            CompletableFuture<Void> left = CompletableFuture.runAsync(tunnel::stop);

            // Its connection ends as after a server's keep-alive timeout: end of stream, not a reset.
            assertThat(in.readLine()).isNull();
            caller.close();
            left.get(TunnelClient.LEAVE_LIMIT.toMillis() / 2, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void anAnswerHeldUpByASlowCallerIsNotCutShortByTheLeave() throws Exception {
        try (Socket caller = Wire.connect(plane.routePort(0))) {
            caller.getOutputStream().write("big\n".getBytes(StandardCharsets.UTF_8));
            // A limit long enough for the slowest machine to read the answer: what is tested is the quiet rule.
            TunnelSession session = tunnel.current();
            session.leave("the test leaves", Duration.ofSeconds(30));

            // The caller reads nothing for longer than a quiet stream takes to be ended: this one is not quiet.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> session.channel().isActive());
            byte[] answer = caller.getInputStream().readAllBytes();

            assertThat(answer).hasSize(BIG_ANSWER + "local\n".length());
        }
    }

    @Test
    void aClientWithNoCallerOnItsTunnelLeavesWithoutWaitingForTheLimit() throws Exception {
        CompletableFuture<Void> left = CompletableFuture.runAsync(tunnel::stop);

        left.get(TunnelClient.LEAVE_LIMIT.toMillis() / 2, TimeUnit.MILLISECONDS);
    }

    @Test
    void aStoppingProxyLetsItsCallersFinishWhileTheClientAlreadyLooksForTheNextOne() throws Exception {
        try (Socket caller = callerWaitingForTheDeveloper()) {
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    plane.stopProxyInOrder(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            client.awaitLog("reconnecting in");
            answer.countDown();

            assertThat(readLine(caller)).isEqualTo("local");
            caller.close();
            stopped.get(5, TimeUnit.SECONDS);
        }
        plane.startProxy();
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> askOnce().equals("local"));
    }

    private String askOnce() throws IOException {
        try (Socket caller = Wire.connect(plane.routePort(0))) {
            caller.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            return readLine(caller);
        }
    }

    private Socket callerWaitingForTheDeveloper() throws Exception {
        Socket caller = Wire.connect(plane.routePort(0));
        caller.getOutputStream().write("wait\n".getBytes(StandardCharsets.UTF_8));
        assertThat(asked.await(5, TimeUnit.SECONDS)).as("the request reached the developer").isTrue();
        return caller;
    }

    private void answerWhenNewCallersReachTheOrigin() {
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> Wire.ask(plane.routePort(0)).equals("origin"));
        answer.countDown();
    }

    private void awaitAnswer() {
        try {
            answer.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean left() {
        return tunnel.termination().isDone();
    }

    private static String readLine(Socket caller) throws IOException {
        return new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
}
