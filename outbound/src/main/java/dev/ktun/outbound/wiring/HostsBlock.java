package dev.ktun.outbound.wiring;

import dev.ktun.outbound.Upstreams;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fallback that works wherever the hosts file is honoured: a block of lines between marker comments, rewritten as
 * Services come and go. It cannot say NXDOMAIN or follow a search list, so only the names it lists resolve; lines
 * outside the markers are never touched, and undoing removes just the block, keeping what the user edited meanwhile.
 */
public final class HostsBlock implements DnsWiring {
    static final String BEGIN = "# BEGIN ktun: names of cluster Services, removed when ktun exits (or: ktun connect --repair)";
    static final String END = "# END ktun";

    private final Path hostsFile;
    private final Path resolvConf;

    /** @param resolvConf where the machine's resolvers are listed (untouched by this wiring) */
    public HostsBlock(Path hostsFile, Path resolvConf) {
        this.hostsFile = hostsFile;
        this.resolvConf = resolvConf;
    }

    @Override
    public void apply(WiringPlan plan, WiringJournal journal) throws IOException {
        journal.record(new Undo.RemoveBlock(hostsFile));
        update(plan);
    }

    @Override
    public synchronized void update(WiringPlan plan) throws IOException {
        List<String> lines = withoutBlock(read(hostsFile));
        lines.add(BEGIN);
        for (Map.Entry<Inet4Address, List<String>> entry : plan.hosts().entrySet()) {
            lines.add(entry.getKey().getHostAddress() + "\t" + String.join(" ", entry.getValue()));
        }
        lines.add(END);
        SyncedFiles.writeInPlace(hostsFile, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void remove(Path hostsFile) throws IOException {
        List<String> lines = read(hostsFile);
        List<String> kept = withoutBlock(lines);
        if (kept.size() != lines.size()) {
            SyncedFiles.writeInPlace(hostsFile, (kept.isEmpty() ? "" : String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<String> read(Path file) throws IOException {
        byte[] bytes = SyncedFiles.readIfExists(file);
        if (bytes == null || bytes.length == 0) {
            return new ArrayList<>();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Every line but ktun's block; a block cut short by a crash (BEGIN without END) ends at the file's end. */
    private static List<String> withoutBlock(List<String> lines) {
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.equals(BEGIN)) {
                inside = true;
            } else if (inside && line.equals(END)) {
                inside = false;
            } else if (!inside) {
                kept.add(line);
            }
        }
        return kept;
    }

    @Override
    public List<InetSocketAddress> originalUpstreams(InetSocketAddress self) throws IOException {
        byte[] text = SyncedFiles.readIfExists(resolvConf);
        return text == null ? List.of() : Upstreams.fromResolvConf(new String(text, StandardCharsets.UTF_8), self);
    }

    @Override
    public String describe(WiringPlan plan) {
        return hostsFile + " lists the cluster's Service names (a marked block, removed when ktun exits); "
                + "names not listed there, and NXDOMAIN, come only from ktun's resolver at " + plan.resolverHost()
                + ":" + plan.resolver().getPort();
    }
}
