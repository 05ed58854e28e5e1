package dev.ktun.outbound.wiring;

import dev.ktun.outbound.Upstreams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Linux without systemd-resolved (containers, minimal distributions, a network namespace's
 * {@code /etc/netns/<ns>/resolv.conf}): ktun becomes the only nameserver and prepends the pod search list; the
 * original nameservers become ktun's upstreams, the original search domains and options stay. resolv.conf has no
 * port field, so the resolver must listen on port 53.
 */
public final class ResolvConfWiring implements DnsWiring {
    private final Path resolvConf;

    public ResolvConfWiring(Path resolvConf) {
        this.resolvConf = resolvConf;
    }

    @Override
    public void apply(WiringPlan plan, WiringJournal journal) throws IOException {
        if (plan.resolver().getPort() != 53) {
            throw new IllegalArgumentException("resolv.conf cannot name a port: ktun's resolver must listen on port 53, not "
                    + plan.resolver().getPort());
        }
        byte[] original = SyncedFiles.readIfExists(resolvConf);
        journal.record(new Undo.RestoreFile(resolvConf, original));
        String text = original == null ? "" : new String(original, StandardCharsets.UTF_8);
        SyncedFiles.writeInPlace(resolvConf, rewrite(text, plan).getBytes(StandardCharsets.UTF_8));
    }

    static String rewrite(String original, WiringPlan plan) {
        List<String> search = new ArrayList<>(plan.searchList());
        List<String> kept = new ArrayList<>();
        for (String line : original.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("search") || words[0].equals("domain")) {
                for (int i = 1; i < words.length; i++) {
                    if (!search.contains(words[i])) {
                        search.add(words[i]);
                    }
                }
            } else if (!words[0].equals("nameserver") && !line.isBlank()) {
                kept.add(line);
            }
        }
        StringBuilder out = new StringBuilder("# written by ktun; the original comes back when ktun exits (or: ktun connect --repair)\n");
        out.append("nameserver ").append(plan.resolverHost()).append('\n');
        out.append("search ").append(String.join(" ", search)).append('\n');
        kept.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    @Override
    public List<InetSocketAddress> originalUpstreams(InetSocketAddress self) throws IOException {
        byte[] text = SyncedFiles.readIfExists(resolvConf);
        return text == null ? List.of() : Upstreams.fromResolvConf(new String(text, StandardCharsets.UTF_8), self);
    }

    @Override
    public String describe(WiringPlan plan) {
        return resolvConf + " points at ktun's resolver " + plan.resolverHost() + " (restored when ktun exits)";
    }
}
