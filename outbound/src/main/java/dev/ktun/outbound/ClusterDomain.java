package dev.ktun.outbound;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the cluster's DNS domain instead of assuming {@code cluster.local}: clusters set their own
 * ({@code --cluster-domain}), and a wrong domain makes every full name NXDOMAIN.
 *
 * <p>The client implements {@link Source}s that read the cluster (kube-system's CoreDNS ConfigMap {@code Corefile},
 * or a pod's {@code /etc/resolv.conf}) and hands the text to {@link #fromCorefile} / {@link #fromResolvConf}.
 */
public final class ClusterDomain {
    /** Used only when every source failed: it is the Kubernetes default, and the fallback is announced. */
    public static final String LAST_RESORT = "cluster.local";

    private static final Pattern COREFILE = Pattern.compile("(?m)^\\s*kubernetes\\s+([A-Za-z0-9.-]+)");
    private static final Pattern SEARCH = Pattern.compile("(?m)^\\s*search\\s+(.+)$");

    private ClusterDomain() {
    }

    /** One place the domain may be learnt from; empty when it does not know. */
    @FunctionalInterface
    public interface Source {
        Optional<String> domain() throws Exception;
    }

    /** The first source that knows; {@link #LAST_RESORT} (said through {@code warn}) when none does. */
    public static String discover(List<Source> sources, Consumer<String> warn) {
        for (Source source : sources) {
            try {
                Optional<String> domain = source.domain();
                if (domain.isPresent()) {
                    return ClusterNames.normalize(domain.get());
                }
            } catch (Exception e) {
                warn.accept("could not learn the cluster DNS domain from " + source + ": " + e.getMessage());
            }
        }
        warn.accept("the cluster DNS domain could not be discovered; assuming '" + LAST_RESORT
                + "' (set it explicitly if your cluster uses another)");
        return LAST_RESORT;
    }

    /** The zone of CoreDNS's {@code kubernetes} plugin: {@code kubernetes cluster.local in-addr.arpa ip6.arpa {}. */
    public static Optional<String> fromCorefile(String corefile) {
        Matcher m = COREFILE.matcher(corefile);
        return m.find() ? Optional.of(ClusterNames.normalize(m.group(1))) : Optional.empty();
    }

    /** From a pod's resolv.conf: its search list is {@code <ns>.svc.<domain> svc.<domain> <domain> ...}. */
    public static Optional<String> fromResolvConf(String resolvConf) {
        Matcher m = SEARCH.matcher(resolvConf);
        if (!m.find()) {
            return Optional.empty();
        }
        for (String entry : m.group(1).trim().split("\\s+")) {
            String name = ClusterNames.normalize(entry);
            if (name.startsWith("svc.") && name.length() > 4) {
                return Optional.of(name.substring(4));
            }
        }
        return Optional.empty();
    }
}
