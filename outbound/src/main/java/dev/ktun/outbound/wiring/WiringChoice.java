package dev.ktun.outbound.wiring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Picks the wiring for this machine: split DNS where the OS has it (systemd-resolved, macOS resolver files), resolv.conf
 * on other Linux, the hosts file elsewhere, and nothing without privilege. Paths come from {@link Machine}, so tests
 * and network namespaces use their own files.
 */
public final class WiringChoice {
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

        boolean mac() {
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
            return new MacResolverFiles(machine.resolverDir(), runner);
        }
        if (machine.linux() && machine.resolvedRunning()) {
            return new SystemdResolvedWiring(runner, "ktun0", machine.resolvedUpstreams());
        }
        if (machine.linux()) {
            return new ResolvConfWiring(machine.resolvConf());
        }
        return new HostsBlock(machine.hostsFile(), machine.resolvConf());
    }
}
