package dev.ktun.outbound.wiring;

import dev.ktun.outbound.Upstreams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Linux without systemd-resolved (containers, minimal distributions, a network namespace's
 * {@code /etc/netns/<ns>/resolv.conf}): ktun becomes the first nameserver and prepends the pod search list; the
 * original search domains and options stay. resolv.conf has no port field, so the resolver must listen on port 53.
 *
 * <p>The original nameservers stay after ktun's (glibc reads three in all), so a ktun that dies without undoing this
 * (kill -9, power loss) does not take the machine's DNS with it: its port is closed, the kernel says so at once, and
 * the resolver library asks the next server. They are also ktun's upstreams, which is why ktun answers every name
 * itself while it runs. Option {@code rotate} is dropped while wired: it would send cluster names to the originals.
 */
public final class ResolvConfWiring implements DnsWiring {
    /** glibc's MAXNS: nameserver lines after the third are ignored. */
    private static final int MAX_NAMESERVERS = 3;

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
        List<String> nameservers = new ArrayList<>(List.of(plan.resolverHost()));
        List<String> kept = new ArrayList<>();
        for (String line : original.split("\n")) {
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "search", "domain" -> Arrays.stream(words).skip(1).filter(d -> !search.contains(d)).forEach(search::add);
                case "nameserver" -> {
                    if (words.length > 1 && !nameservers.contains(words[1]) && nameservers.size() < MAX_NAMESERVERS) {
                        nameservers.add(words[1]);
                    }
                }
                case "options" -> {
                    String options = Arrays.stream(words).skip(1).filter(o -> !o.equals("rotate")).collect(Collectors.joining(" "));
                    if (!options.isEmpty()) {
                        kept.add("options " + options);
                    }
                }
                default -> {
                    if (!line.isBlank()) {
                        kept.add(line);
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder("# written by ktun; the original comes back when ktun exits (or: ktun connect --repair)\n");
        nameservers.forEach(server -> out.append("nameserver ").append(server).append('\n'));
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
        return resolvConf + " names ktun's resolver " + plan.resolverHost() + " first and your own nameservers after it"
                + " (restored when ktun exits)";
    }
}
