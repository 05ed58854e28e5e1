package dev.ktun.outbound.jvm;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The agent's argument: {@code dns=127.241.0.53:53,domain=cluster.local,search=shop.svc.cluster.local:svc.cluster.local:cluster.local,timeout=2500}.
 * Commas and colons only: the option must survive {@code JAVA_TOOL_OPTIONS}, which splits on spaces.
 */
record AgentOptions(InetSocketAddress dns, String domain, List<String> search, int timeoutMillis) {
    /**
     * Longer than ktun waits for a namespace it starts following on a query (2 s), so that first answer arrives; a ktun
     * that is gone costs nothing (the closed port is reported at once).
     */
    static final int DEFAULT_TIMEOUT_MILLIS = 2500;

    static AgentOptions parse(String args) {
        InetSocketAddress dns = null;
        String domain = null;
        List<String> search = new ArrayList<>();
        int timeout = DEFAULT_TIMEOUT_MILLIS;
        for (String option : (args == null ? "" : args).split(",")) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = option.substring(0, eq).trim();
            String value = option.substring(eq + 1).trim();
            switch (key) {
                case "dns" -> dns = address(value);
                case "domain" -> domain = value.toLowerCase(Locale.ROOT);
                case "search" -> search.addAll(List.of(value.toLowerCase(Locale.ROOT).split(":")));
                case "timeout" -> timeout = millis(value);
                default -> throw new IllegalArgumentException("ktun DNS agent: unknown option '" + key + "'");
            }
        }
        if (dns == null || domain == null) {
            throw new IllegalArgumentException("ktun DNS agent: needs dns=HOST:PORT and domain=DOMAIN, got '" + args + "'");
        }
        if (search.isEmpty()) {
            search.add(domain);
        }
        return new AgentOptions(dns, domain, List.copyOf(search), timeout);
    }

    private static int millis(String value) {
        try {
            int millis = Integer.parseInt(value);
            if (millis > 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("ktun DNS agent: timeout=" + value + " is not a number of milliseconds above 0");
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            // A literal address: InetAddress parses it without a lookup (the resolver is not hooked yet anyway).
            return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                    Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("ktun DNS agent: dns=" + hostPort + " is not IP:PORT", e);
        }
    }
}
