package dev.ktun.outbound;

import com.sun.net.httpserver.HttpServer;
import dev.ktun.proxy.Proxy;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.TunnelSettings;
import dev.ktun.tunnel.Tokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The cluster side, in-process: a real ktun proxy (its tunnel listener where the test says) and an HTTP server
 * standing in for the Services' pods on 127.0.0.1. The proxy finds it by cluster name through the test JVM's hosts
 * file ({@code cluster-hosts}), as it would through cluster DNS.
 */
final class TestCluster implements AutoCloseable {
    static final String TOKEN = "outbound-test-token";
    static final String BODY = "hello from the cluster";

    private final HttpServer backend;
    private final Proxy proxy;

    private TestCluster(HttpServer backend, Proxy proxy) {
        this.backend = backend;
        this.proxy = proxy;
    }

    static TestCluster start(String tunnelBind) throws IOException, InterruptedException {
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        backend.createContext("/", exchange -> {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        try {
            Proxy proxy = Proxy.start(new Proxy.Config(new HostPort(tunnelBind, 0), Set.of(Tokens.sha256Hex(TOKEN)), null,
                    List.of(), "127.0.0.1", 1, TunnelSettings.defaults("test-proxy")));
            return new TestCluster(backend, proxy);
        } catch (RuntimeException | InterruptedException e) {
            backend.stop(0);
            throw e;
        }
    }

    /** The port every test Service uses: the backend's, so the proxy's dial of name:port lands there. */
    int servicePort() {
        return backend.getAddress().getPort();
    }

    HostPort tunnelEndpoint() {
        return proxy.tunnelEndpoint();
    }

    @Override
    public void close() {
        proxy.close();
        backend.stop(0);
    }
}
