package dev.ktun.client;

import dev.ktun.tunnel.HostPort;
import dev.ktun.tunnel.Tokens;
import dev.ktun.tunnel.Transport;
import dev.ktun.tunnel.TunnelRefusedException;
import dev.ktun.tunnel.TunnelSettings;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ktun tunnel}: attach to a proxy endpoint directly, without the Kubernetes API. */
@Command(name = "tunnel", mixinStandardHelpOptions = true, versionProvider = Ktun.Version.class, sortOptions = false,
        description = {"Attach to a ktun proxy's tunnel endpoint directly (no Kubernetes API needed).",
                "Stays up until interrupted, reconnecting when the tunnel drops."},
        footer = {"", "Examples:",
                "  ktun tunnel --endpoint 127.0.0.1:7300 --token-file token --port 3000:8080",
                "      connections to the proxy's port 8080 arrive at localhost:3000",
                "  ktun tunnel --endpoint 127.0.0.1:7300 --token-file token --forward 127.0.0.1:5432=postgres.db:5432",
                "      localhost:5432 reaches postgres.db:5432 as dialled from the proxy"})
final class TunnelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--endpoint", required = true, paramLabel = "HOST:PORT", description = "The proxy's tunnel listener.")
    private HostPort endpoint;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "File holding the tunnel token (its trimmed text; the proxy knows its SHA-256).")
    private Path tokenFile;

    @Option(names = "--port", paramLabel = "LOCAL:PROXYPORT",
            description = "Claim the proxy's PROXYPORT; its connections arrive at localhost:LOCAL (repeatable).")
    private List<PortClaim> ports = new ArrayList<>();

    @Option(names = "--forward", paramLabel = "LADDR:LPORT=HOST:PORT",
            description = "Listen on LADDR:LPORT; each connection reaches HOST:PORT dialled from the proxy (repeatable).")
    private List<Forward> forwards = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Do not print a line per intercepted connection.")
    private boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        if (ports.isEmpty() && forwards.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "nothing to do: give --port LOCAL:PROXYPORT to receive, --forward LADDR:LPORT=HOST:PORT to send, or both");
        }
        String token;
        try {
            token = Tokens.readFile(tokenFile);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + " (--token-file)");
        }
        ConsoleEvents events = new ConsoleEvents(spec.commandLine().getErr(), quiet);
        EventLoopGroup group = Transport.group(1, "ktun-io");
        try {
            TunnelClient client = new TunnelClient(group, endpoint, token, ports,
                    TunnelSettings.defaults(Identity.current()), events);
            for (Forward forward : forwards) {
                ChannelFuture bound = new LocalForward(forward, client::current, events).bind(group).await();
                if (!bound.isSuccess()) {
                    throw new KtunException(ExitCode.FAILURE, "cannot listen on " + forward.listen() + " for --forward: "
                            + bound.cause().getMessage() + "; pick another local port");
                }
            }
            Thread leave = new Thread(client::stop, "ktun-tunnel-leave");
            Runtime.getRuntime().addShutdownHook(leave);
            try {
                client.start();
                client.termination().join();
                return ExitCode.OK;
            } finally {
                removeHook(leave);
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof TunnelRefusedException refused) {
                throw new KtunException(ExitCode.FAILURE, "the proxy at " + endpoint + " refused the tunnel: "
                        + refused.reason() + ". Check that --token-file holds the token whose SHA-256 the proxy accepts.");
            }
            throw e;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or ran: that is how we got here
        }
    }
}
