package dev.ktun.client;

import static org.awaitility.Awaitility.await;

import dev.ktun.proxy.Proxy;
import dev.ktun.proxy.Route;
import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelSettings;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A real proxy and real in-process clients on loopback, for data-plane tests. */
final class DataPlane implements AutoCloseable {
    static final String TOKEN = "data-plane-test-token";

    private final List<Route> routes;
    private final int tunnelPort;
    private final int ioThreads;
    private final List<Runnable> closers = new ArrayList<>();
    private Proxy proxy;

    private DataPlane(List<Route> routes, int tunnelPort, int ioThreads) throws InterruptedException {
        this.routes = routes;
        this.tunnelPort = tunnelPort;
        this.ioThreads = ioThreads;
        startProxy();
    }

    /** Starts a proxy with one route per origin port; route listen ports are free ports. */
    static DataPlane withOrigins(int... originPorts) throws InterruptedException {
        return onLoops(1, originPorts);
    }

    /** The same with {@code ioThreads} event loops in the proxy ({@code --io-threads}). */
    static DataPlane onLoops(int ioThreads, int... originPorts) throws InterruptedException {
        List<Route> routes = new ArrayList<>();
        for (int origin : originPorts) {
            routes.add(new Route(Ports.free(), new HostPort("127.0.0.1", origin)));
        }
        return new DataPlane(routes, Ports.free(), ioThreads);
    }

    void startProxy() throws InterruptedException {
        proxy = Proxy.start(new Proxy.Config(new HostPort("127.0.0.1", tunnelPort), Set.of(Tokens.sha256Hex(TOKEN)), null,
                routes, "127.0.0.1", ioThreads, TunnelSettings.defaults("test-proxy")));
    }

    void stopProxy() {
        proxy.close();
    }

    /** As its pod's SIGTERM does, without lingering: what it carries finishes first, for up to {@code drain}. */
    void stopProxyInOrder(Duration drain) throws InterruptedException {
        proxy.stop(Duration.ZERO, drain);
    }

    int routePort(int index) {
        return routes.get(index).listenPort();
    }

    HostPort tunnelEndpoint() {
        return new HostPort("127.0.0.1", tunnelPort);
    }

    /** An in-process client; returns once the proxy granted its claims (or at once when it claims nothing). */
    Client client(List<PortClaim> claims, List<Forward> forwards) throws InterruptedException {
        EventLoopGroup group = Transport.group(1, "test-client");
        StringWriter log = new StringWriter();
        ConsoleEvents events = new ConsoleEvents(new PrintWriter(log, true), false);
        TunnelClient tunnel = new TunnelClient(group, tunnelEndpoint(), TOKEN, claims,
                TunnelSettings.defaults("test-client"), events);
        for (Forward forward : forwards) {
            new LocalForward(forward, tunnel::current, events).bind(group).sync();
        }
        tunnel.start();
        Client client = new Client(tunnel, log);
        closers.add(() -> {
            tunnel.stop();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> tunnel.current() != null);
        for (PortClaim claim : claims) {
            client.awaitLog("proxy port " + claim.proxyPort() + " now delivers here");
        }
        return client;
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
        proxy.close();
    }

    record Client(TunnelClient tunnel, StringWriter log) {
        void awaitLog(String text) {
            await().atMost(Duration.ofSeconds(10)).until(() -> log.toString().contains(text));
        }
    }
}
