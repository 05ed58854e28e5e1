package dev.ktun.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ktun.tunnel.HostPort;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP through proxy and client, both directions, against real HTTP servers (WireMock). */
class InterceptRoutingTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WireMockServer origin;
    private WireMockServer local;
    private DataPlane plane;

    @BeforeEach
    void start() throws Exception {
        origin = server("origin");
        local = server("local");
        plane = DataPlane.withOrigins(origin.port());
    }

    @AfterEach
    void stop() {
        plane.close();
        origin.stop();
        local.stop();
    }

    @Test
    void unclaimedRoutePortReachesTheOrigin() throws Exception {
        assertThat(getBody(plane.routePort(0), "/hello")).isEqualTo("hello from origin");
    }

    @Test
    void claimedRoutePortDeliversHttpToTheLocalProcess() throws Exception {
        plane.client(List.of(new PortClaim(local.port(), plane.routePort(0))), List.of());

        assertThat(getBody(plane.routePort(0), "/hello")).isEqualTo("hello from local");
    }

    @Test
    void requestBodyTravelsToTheLocalProcessAndTheResponseBack() throws Exception {
        plane.client(List.of(new PortClaim(local.port(), plane.routePort(0))), List.of());
        String body = "x".repeat(300_000);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(plane.routePort(0), "/echo"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("local got " + body.length() + " bytes");
    }

    @Test
    void forwardReachesAClusterServiceDialledFromTheProxy() throws Exception {
        int forwardPort = Ports.free();
        plane.client(List.of(), List.of(new Forward(new HostPort("127.0.0.1", forwardPort),
                new HostPort("127.0.0.1", origin.port()))));

        assertThat(getBody(forwardPort, "/hello")).isEqualTo("hello from origin");
    }

    @Test
    void connectionForAClaimedPortWithNothingListeningLocallyIsResetAndReportedToTheDeveloper() throws Exception {
        int nobody = Ports.free();
        DataPlane.Client client = plane.client(List.of(new PortClaim(nobody, plane.routePort(0))), List.of());

        assertThatThrownBy(() -> Wire.ask(plane.routePort(0))).isInstanceOf(SocketException.class)
                .hasMessageContaining("reset");
        client.awaitLog("could not reach localhost:" + nobody);
    }

    private String getBody(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url(port, path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static URI url(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static WireMockServer server(String name) {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")
                .disableRequestJournal().containerThreads(16));
        server.start();
        server.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withBody("hello from " + name)));
        server.stubFor(post(urlEqualTo("/echo")).willReturn(aResponse()
                .withBody(name + " got {{request.body.length}} bytes").withTransformers("response-template")));
        return server;
    }
}
