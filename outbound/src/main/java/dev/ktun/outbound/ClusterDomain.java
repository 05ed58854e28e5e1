package dev.ktun.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the cluster's DNS domain instead of assuming {@code cluster.local}: clusters set their own
 * ({@code --cluster-domain}), and a wrong domain makes every full name NXDOMAIN.
 *
 * <p>The client implements {@link Source}s that read the cluster and hands the text to the parsers here: kube-system's
 * CoreDNS {@code Corefile} ({@link #fromCorefile}), or the name cluster DNS gives a Service's address
 * ({@link #fromServiceName}).
 */
public final class ClusterDomain {
    /** Used only when every source failed: it is the Kubernetes default, and the fallback is announced. */
    public static final String LAST_RESORT = "cluster.local";

    private static final Pattern COREFILE = Pattern.compile("(?m)^\\s*kubernetes\\s+([A-Za-z0-9.-]+)");

    private ClusterDomain() {
    }

    /** One place the domain may be learnt from; empty or an exception, saying why, when it does not know. */
    @FunctionalInterface
    public interface Source {
        Optional<String> domain() throws Exception;
    }

    /**
     * The first source that knows. Sources that do not are quiet as long as another one knows (a developer who may not
     * read kube-system is no news); when none does, {@code warn} hears each one's reason, and {@link #LAST_RESORT}.
     */
    public static String discover(List<Source> sources, Consumer<String> warn) {
        List<String> reasons = new ArrayList<>();
        for (Source source : sources) {
            try {
                Optional<String> domain = source.domain();
                if (domain.isPresent()) {
                    return ClusterNames.normalize(domain.get());
                }
                reasons.add(source + ": it names no domain");
            } catch (Exception e) {
                reasons.add(source + ": " + e.getMessage());
            }
        }
        warn.accept("the cluster DNS domain could not be discovered (" + String.join("; ", reasons) + "); assuming '"
                + LAST_RESORT + "'");
        return LAST_RESORT;
    }

    /** The zone of CoreDNS's {@code kubernetes} plugin: {@code kubernetes cluster.local in-addr.arpa ip6.arpa {}. */
    public static Optional<String> fromCorefile(String corefile) {
        Matcher m = COREFILE.matcher(corefile);
        return m.find() ? Optional.of(ClusterNames.normalize(m.group(1))) : Optional.empty();
    }

    /** From a Service's full name, as cluster DNS answers the reverse lookup of its address: {@code <svc>.<ns>.svc.<domain>}. */
    public static Optional<String> fromServiceName(String name) {
        String[] labels = ClusterNames.normalize(name).split("\\.", 4);
        return labels.length == 4 && labels[2].equals("svc") && !labels[0].isEmpty() && !labels[1].isEmpty()
                ? Optional.of(labels[3]) : Optional.empty();
    }
}
