package dev.ktun.proxy;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.NettyDefaults;
import dev.ktun.tunnel.TunnelSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar ktun-proxy.jar --tunnel-listen HOST:PORT --token-sha256 HEX --route LISTENPORT=HOST:PORT ...} */
@Command(name = "ktun-proxy", mixinStandardHelpOptions = true, versionProvider = ProxyMain.Version.class,
        description = {"Routes each connection to a route port to the ktun client that claimed it, or to the origin.",
                "Clients reach the tunnel listener (through a Kubernetes port-forward) and prove a token whose SHA-256 is accepted."})
public final class ProxyMain implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--tunnel-listen", required = true, paramLabel = "HOST:PORT",
            description = "Where clients' tunnels connect. In a pod: 127.0.0.1:7300, reachable only by port-forward.")
    private HostPort tunnelListen;

    @Option(names = "--token-sha256", paramLabel = "HEX", description = "Lowercase hex SHA-256 of an accepted token (repeatable).")
    private List<String> tokenHashes = new ArrayList<>();

    @Option(names = "--token-sha256-file", paramLabel = "FILE",
            description = "File of accepted token hashes, one per line, re-read every second while running.")
    private Path tokenFile;

    @Option(names = "--route", paramLabel = "LISTENPORT=HOST:PORT",
            description = "Listen on LISTENPORT; connections go to the client that claimed it, else to HOST:PORT (repeatable).")
    private List<Route> routes = new ArrayList<>();

    @Option(names = "--route-bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address the route ports listen on (default: ${DEFAULT-VALUE}).")
    private String routeBind;

    @Option(names = "--ready-listen", paramLabel = "HOST:PORT",
            description = {"Accept and close connections here once every other listener is bound: for a TCP readiness probe,",
                    "which must not use a route port (a claimed route would hand each probe to the developer)."})
    private HostPort readyListen;

    @Option(names = "--stop-linger", paramLabel = "SECONDS", defaultValue = "0",
            description = {"On SIGTERM, keep routing this long before taking no new callers (default: ${DEFAULT-VALUE}).",
                    "In a pod: the time the Service's endpoints take to drop it."})
    private int stopLinger;

    @Option(names = "--stop-drain", paramLabel = "SECONDS", defaultValue = "10",
            description = "Then let the callers it carries finish for up to this long (default: ${DEFAULT-VALUE}).")
    private int stopDrain;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "1",
            description = "Event loop threads (default: ${DEFAULT-VALUE}; a tunnel and its streams share one).")
    private int ioThreads;

    @Option(names = "--id", paramLabel = "NAME", description = "Name in clients' logs (default: the host name).")
    private String id;

    public static void main(String[] args) {
        NettyDefaults.apply();
        System.exit(commandLine().execute(args));
    }

    /** The proxy's command line with its converters: also how a simulated kubelet reads a proxy Deployment's args. */
    public static CommandLine commandLine() {
        return new CommandLine(new ProxyMain())
                .registerConverter(HostPort.class, HostPort::parse)
                .registerConverter(Route.class, Route::parse);
    }

    @Override
    public Integer call() throws Exception {
        Proxy.Config config = validate();
        Proxy proxy = Proxy.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop(Duration.ofSeconds(stopLinger), Duration.ofSeconds(stopDrain));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                proxy.close();
            }
            stopped.countDown();
        }, "ktun-proxy-shutdown"));
        stopped.await();
        return 0;
    }

    private Proxy.Config validate() {
        if (tokenHashes.isEmpty() && tokenFile == null) {
            throw new ParameterException(spec.commandLine(),
                    "no token accepted: give --token-sha256 HEX (sha256sum of the token file) or --token-sha256-file FILE");
        }
        Set<String> hashes = new LinkedHashSet<>();
        for (String hash : tokenHashes) {
            if (!hash.matches("[0-9a-fA-F]{64}")) {
                throw new ParameterException(spec.commandLine(),
                        "--token-sha256 takes 64 hex digits (a SHA-256), got " + hash.length() + " characters");
            }
            hashes.add(hash.toLowerCase());
        }
        Set<Integer> ports = new HashSet<>();
        for (Route route : routes) {
            if (!ports.add(route.listenPort())) {
                throw new ParameterException(spec.commandLine(), "two routes listen on port " + route.listenPort());
            }
        }
        if (readyListen != null && readyListen.port() != 0
                && (ports.contains(readyListen.port()) || readyListen.port() == tunnelListen.port())) {
            throw new ParameterException(spec.commandLine(), "--ready-listen port " + readyListen.port()
                    + " is also a route or the tunnel port; give the readiness probe a port of its own");
        }
        if (stopLinger < 0 || stopDrain < 0) {
            throw new ParameterException(spec.commandLine(), "--stop-linger and --stop-drain take seconds, 0 or more");
        }
        if (ioThreads < 1) {
            throw new ParameterException(spec.commandLine(), "--io-threads must be at least 1");
        }
        return new Proxy.Config(tunnelListen, hashes, tokenFile, List.copyOf(routes), routeBind, ioThreads,
                TunnelSettings.defaults(id != null ? id : hostName()), readyListen);
    }

    private static String hostName() {
        try {
            return "ktun-proxy@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "ktun-proxy";
        }
    }

    /** The version stamped into the jar's manifest at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ProxyMain.class.getPackage().getImplementationVersion();
            return new String[] {"ktun-proxy " + (version != null ? version : "dev")};
        }
    }
}
