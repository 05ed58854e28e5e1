package dev.ktun.outbound.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Picks the wiring for this machine: split DNS where the OS has it (systemd-resolved, macOS resolver files), resolv.conf
 * on other Linux, the hosts file elsewhere, and nothing without privilege. On Linux the hosts file is also the fallback
 * when the preferred wiring cannot be applied ({@link FallbackWiring}). Paths come from {@link Machine}, so tests and
 * network namespaces use their own files.
 */
public final class WiringChoice {
    /** The link ktun adds for systemd-resolved. */
    public static final String LINK = "ktun0";
    /** How long systemd-resolved may take to start sending cluster names to the new link. */
    private static final Duration RESOLVED_SETTLES = Duration.ofSeconds(3);

    private WiringChoice() {
    }

    /** The facts the choice depends on. */
    public record Machine(String osName, boolean privileged, Path resolvConf, Path hostsFile, Path resolverDir,
                          Path resolvedUpstreams, boolean resolvedRunning) {

        /** This machine as the JVM sees it; "privileged" means root (ktun does not reason about capabilities). */
        public static Machine current() {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path stub = Path.of("/run/systemd/resolve/stub-resolv.conf");
            return new Machine(System.getProperty("os.name"), root, Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"),
                    Path.of("/etc/resolver"), SystemdResolvedWiring.UPSTREAMS, Files.exists(stub));
        }

        public boolean mac() {
            return osName.toLowerCase(Locale.ROOT).contains("mac");
        }

        boolean linux() {
            return osName.toLowerCase(Locale.ROOT).contains("linux");
        }
    }

    public static DnsWiring choose(Machine machine, CommandRunner runner) {
        if (!machine.privileged()) {
            return new NoWiring(machine.resolvConf());
        }
        if (machine.mac()) {
            // No hosts-file fallback: its names would need the lo0 aliases that only the resolver-file wiring adds.
            return new MacResolverFiles(machine.resolverDir(), runner);
        }
        HostsBlock hosts = new HostsBlock(machine.hostsFile(), machine.resolvConf());
        if (machine.linux() && machine.resolvedRunning()) {
            return new FallbackWiring(new SystemdResolvedWiring(runner, LINK, machine.resolvedUpstreams(),
                    new ResolvedStub(ResolvedStub.ADDRESS, RESOLVED_SETTLES)), hosts);
        }
        if (machine.linux()) {
            return new FallbackWiring(new ResolvConfWiring(machine.resolvConf()), hosts);
        }
        return hosts;
    }
}
