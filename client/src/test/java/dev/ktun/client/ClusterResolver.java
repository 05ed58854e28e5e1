package dev.ktun.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * ktun's resolver, asked directly over UDP as {@code dig @ADDRESS -p PORT} would: how a test sees cluster names without
 * wiring the machine's DNS (the not-root path). The address is the one ktun printed.
 */
final class ClusterResolver {
    private static final Pattern PRINTED = Pattern.compile("ktun's resolver ([0-9.]+):(\\d+)");

    private final SimpleResolver resolver;

    private ClusterResolver(InetSocketAddress address) {
        resolver = new SimpleResolver(address);
        resolver.setTimeout(Duration.ofSeconds(2));
    }

    /** The resolver ktun named on its stderr. */
    static ClusterResolver printedIn(String stderr) {
        Matcher m = PRINTED.matcher(stderr);
        if (!m.find()) {
            throw new AssertionError("ktun did not say where its resolver listens; its stderr:\n" + stderr);
        }
        return new ClusterResolver(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
    }

    Message ask(String name) throws IOException {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN)));
    }

    /** The A records' addresses for {@code name}; empty for NXDOMAIN or no data. */
    List<InetAddress> addresses(String name) throws IOException {
        return ask(name).getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance).map(r -> ((ARecord) r).getAddress()).toList();
    }

    String rcode(String name) throws IOException {
        return Rcode.string(ask(name).getRcode());
    }
}
