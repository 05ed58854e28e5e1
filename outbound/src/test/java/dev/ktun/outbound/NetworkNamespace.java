package dev.ktun.outbound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A network namespace joined to the host by a veth pair ({@code 10.213.N.1} host side, {@code .2} inside), with its own
 * {@code /etc/netns/<name>/resolv.conf} and {@code hosts}, which {@code ip netns exec} mounts over /etc/resolv.conf and
 * /etc/hosts: whatever ktun inside rewires is the namespace's, never the machine's. Closing deletes all.
 */
final class NetworkNamespace implements AutoCloseable {
    static final String HOSTS = "127.0.0.1 localhost\n";

    final String name;
    final String hostAddress;
    final Path resolvConf;
    final Path hostsFile;
    private final String hostVeth;

    private NetworkNamespace(String name, String hostVeth, String hostAddress) {
        this.name = name;
        this.hostVeth = hostVeth;
        this.hostAddress = hostAddress;
        this.resolvConf = Path.of("/etc/netns", name, "resolv.conf");
        this.hostsFile = Path.of("/etc/netns", name, "hosts");
    }

    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && onPath("ip");
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }

    /** A fresh namespace with an empty resolv.conf; a leftover of a killed test run with the same name goes first. */
    static NetworkNamespace create() throws Exception {
        int n = (int) (ProcessHandle.current().pid() % 200) + 20;
        NetworkNamespace ns = new NetworkNamespace("ktun-test-" + n, "ktunh" + n, "10.213." + n + ".1");
        ns.close();
        try {
            ip("netns", "add", ns.name);
            ip("link", "add", ns.hostVeth, "type", "veth", "peer", "name", "ktunn" + n);
            ip("link", "set", "ktunn" + n, "netns", ns.name);
            ip("addr", "add", ns.hostAddress + "/30", "dev", ns.hostVeth);
            ip("link", "set", ns.hostVeth, "up");
            ns.exec("ip", "addr", "add", "10.213." + n + ".2/30", "dev", "ktunn" + n);
            ns.exec("ip", "link", "set", "ktunn" + n, "up");
            ns.exec("ip", "link", "set", "lo", "up");
            Files.createDirectories(ns.resolvConf.getParent());
            Files.writeString(ns.resolvConf, "");
            Files.writeString(ns.hostsFile, HOSTS);
            return ns;
        } catch (Exception | AssertionError e) {
            ns.close();
            throw e;
        }
    }

    /** Runs a command inside; returns its output, with the exit code on the last line ("exit N"). */
    String exec(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(command));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError(argv + " did not finish within 30 s");
            }
            return new String(process.getInputStream().readAllBytes()) + "exit " + process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Starts a long-running command inside, output and error merged (the caller destroys it). It sees the namespace as
     * a machine of its own: the host's systemd-resolved, which serves only the host's namespace, is hidden from it
     * (in the command's private mount namespace, which {@code ip netns exec} makes).
     *
     * @param readOnlyResolvConf make /etc/resolv.conf unwritable for the command, root as it is
     */
    Process start(List<String> command, boolean readOnlyResolvConf) throws IOException {
        String prelude = "if [ -d /run/systemd/resolve ]; then mount -t tmpfs ktun-test /run/systemd/resolve || exit 1; fi; "
                + (readOnlyResolvConf ? "mount --bind /etc/resolv.conf /etc/resolv.conf"
                + " && mount -o remount,bind,ro /etc/resolv.conf || exit 1; " : "");
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name, "sh", "-c", prelude + "exec \"$@\"", "sh"));
        argv.addAll(command);
        return new ProcessBuilder(argv).redirectErrorStream(true).start();
    }

    private static void ip(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        String output = ChildJvm.run(argv, 10);
        if (!output.isBlank()) {
            throw new IOException(argv + ": " + output);
        }
    }

    @Override
    public void close() throws IOException {
        ChildJvm.run(List.of("ip", "netns", "del", name), 10);
        ChildJvm.run(List.of("ip", "link", "del", hostVeth), 10);
        Path dir = resolvConf.getParent();
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
