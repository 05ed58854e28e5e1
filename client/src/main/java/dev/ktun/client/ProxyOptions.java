package dev.ktun.client;

import dev.ktun.api.KtunDefaults;
import dev.ktun.tunnel.HostPort;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code ktun intercept} and {@code ktun connect} reach and keep their proxy: the options they share. */
final class ProxyOptions {

    @Option(names = "--tunnel-endpoint", paramLabel = "HOST:PORT",
            description = "Dial the proxy's tunnel here instead of port-forwarding to its pod (e.g. a proxy you run yourself).")
    HostPort tunnelEndpoint;

    @Option(names = "--lease", paramLabel = "SECONDS", defaultValue = "" + KtunDefaults.LEASE_SECONDS,
            description = "How long the cluster keeps what this ktun holds once this machine goes silent (sleep, crash, "
                    + "network loss); default ${DEFAULT-VALUE}.")
    int leaseSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the proxy to start (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Fails with a usage error when the lease is outside what the API accepts. */
    void validate() {
        if (leaseSeconds < 3 || leaseSeconds > 3600) {
            throw new KtunException(ExitCode.USAGE, "--lease takes 3 to 3600 seconds");
        }
    }

    Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /** Port-forward to the proxy pod, which then must be known before the tunnel can start. */
    boolean portForward() {
        return tunnelEndpoint == null;
    }
}
