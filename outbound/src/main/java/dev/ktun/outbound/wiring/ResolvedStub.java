package dev.ktun.outbound.wiring;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * systemd-resolved's stub resolver, asked whether the machine's DNS now reaches ktun. The link settings are accepted
 * whether or not resolved will use them (it gives a link a DNS scope only once it sees the link up, with carrier and
 * a routable address), so the only proof is a query: {@code svc.<domain>} is a name ktun answers NOERROR (it exists
 * as a parent of every Service), where any other server says NXDOMAIN or resolved finds no server to ask.
 */
public final class ResolvedStub {
    public static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.53", 53);
    private static final Duration PER_QUERY = Duration.ofMillis(500);
    private static final long PAUSE_MILLIS = 100;

    private final InetSocketAddress address;
    private final Duration within;

    /** @param within how long resolved may take to notice the link (it learns of addresses asynchronously) */
    public ResolvedStub(InetSocketAddress address, Duration within) {
        this.address = address;
        this.within = within;
    }

    /** Whether names under {@code domain} reach ktun through resolved within the time allowed; tries until then. */
    public boolean reachesKtun(String domain) throws IOException {
        Message query = Message.newQuery(Record.newRecord(name("svc." + domain + "."), Type.A, DClass.IN));
        SimpleResolver stub = new SimpleResolver(address);
        stub.setTimeout(PER_QUERY);
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                if (stub.send(query).getRcode() == Rcode.NOERROR) {
                    return true;
                }
            } catch (IOException e) {
                // no answer yet: resolved may still be applying the link
            }
            if (System.nanoTime() + PAUSE_MILLIS * 1_000_000 > deadline) {
                return false;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking systemd-resolved", e);
            }
        }
    }

    private static Name name(String text) throws IOException {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new IOException("'" + text + "' is not a DNS name", e);
        }
    }

    @Override
    public String toString() {
        return "systemd-resolved's stub " + address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
