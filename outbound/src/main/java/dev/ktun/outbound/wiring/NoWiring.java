package dev.ktun.outbound.wiring;

import dev.ktun.outbound.Upstreams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Without privilege, or when asked: nothing on the machine changes; the developer points tools at the resolver. */
public final class NoWiring implements DnsWiring {
    private final Path resolvConf;

    public NoWiring(Path resolvConf) {
        this.resolvConf = resolvConf;
    }

    @Override
    public void apply(WiringPlan plan, WiringJournal journal) {
        // by design: the no-root mode changes nothing
    }

    @Override
    public List<InetSocketAddress> originalUpstreams(InetSocketAddress self) throws IOException {
        byte[] text = SyncedFiles.readIfExists(resolvConf);
        return text == null ? List.of() : Upstreams.fromResolvConf(new String(text, StandardCharsets.UTF_8), self);
    }

    @Override
    public String describe(WiringPlan plan) {
        String at = plan.resolverHost();
        int port = plan.resolver().getPort();
        return "the machine's DNS is unchanged. Cluster names resolve at ktun's resolver " + at + ":" + port + ":\n"
                + "  dig @" + at + " -p " + port + " orders.shop.svc." + plan.domain() + "\n"
                + "  curl --dns-servers " + at + ":" + port + " ...   (curl built with c-ares)\n"
                + "  Java: the -javaagent that 'ktun intercept -- java ...' adds (see docs/dns.md)\n"
                + "  or run ktun with sudo to wire the OS resolver (undone when ktun exits)";
    }
}
