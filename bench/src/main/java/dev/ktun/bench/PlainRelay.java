package dev.ktun.bench;

import dev.ktun.tunnel.Tokens;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference the design compares T1 with: a plain two-hop Netty relay, no tunnel. Two proxy JVMs with no client
 * connected relay each connection to their origin (the proxy's fallback path: socket to socket, same transport and
 * buffers): caller -> relay A -> relay B -> backend sink (T1) or echo (T3, T4, T5). Same process count and hop count as the
 * ktun path, so the difference between the two is what multiplexing, framing and credit cost.
 */
final class PlainRelay implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);

    private final ChildProcess first;
    private final ChildProcess second;
    private final Endpoints endpoints;

    private PlainRelay(ChildProcess first, ChildProcess second, Endpoints endpoints) {
        this.first = first;
        this.second = second;
        this.endpoints = endpoints;
    }

    static PlainRelay start(Jars jars, BackendPorts backend) throws IOException, InterruptedException {
        List<Integer> ports = FreePorts.pick(6);
        ChildProcess second = null;
        try {
            second = relay(jars, "relay-b", ports.get(0), Map.of(ports.get(1), backend.sink(), ports.get(2), backend.echo()));
            ChildProcess first = relay(jars, "relay-a", ports.get(3), Map.of(ports.get(4), ports.get(1), ports.get(5), ports.get(2)));
            return new PlainRelay(first, second,
                    new Endpoints("relay", BackendProcess.loopback(ports.get(4)), null, BackendProcess.loopback(ports.get(5))));
        } catch (RuntimeException | IOException | InterruptedException e) {
            if (second != null) {
                second.close();
            }
            throw e;
        }
    }

    /** The backend's sink and echo through both relays (no source: T1r has no reference). */
    Reference reference() {
        return new Reference("plain 2-hop relay, no tunnel", endpoints);
    }

    @Override
    public void close() {
        first.close();
        second.close();
    }

    /** A proxy relaying each listen port to its origin port; nobody connects to its tunnel port (random token). */
    private static ChildProcess relay(Jars jars, String name, int tunnelPort, Map<Integer, Integer> originByListenPort)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Jars.jdkTool("java").toString(), "-jar", jars.proxy().toString(),
                "--tunnel-listen", "127.0.0.1:" + tunnelPort, "--token-sha256", Tokens.sha256Hex(Tokens.fresh())));
        originByListenPort.forEach((listen, origin) -> command.addAll(List.of("--route", listen + "=127.0.0.1:" + origin)));
        ChildProcess relay = ChildProcess.start(name, command);
        try {
            relay.expect(line -> line.contains("listening for tunnels")).get(READY.toMillis(), TimeUnit.MILLISECONDS);
            return relay;
        } catch (ExecutionException | TimeoutException e) {
            relay.close();
            throw new IllegalStateException(name + " did not start within " + READY.toSeconds() + " s; its output:\n"
                    + relay.recentOutput(), e);
        }
    }
}
