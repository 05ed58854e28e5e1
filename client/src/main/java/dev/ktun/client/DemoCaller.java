package dev.ktun.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plays a pod in the cluster that calls a Service. Each call opens a new connection, as separate callers would, so
 * each line of the demo shows where a new connection lands at that moment. (A kept-alive caller follows an
 * intercept too, once its connection goes idle: docs/protocol.md, "Claims".)
 */
final class DemoCaller {

    /** The body of {@code GET http://127.0.0.1:port/}, or what went wrong, as one line. */
    String get(int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body().trim();
        } catch (IOException e) {
            return "request failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
