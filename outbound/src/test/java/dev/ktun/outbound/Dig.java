package dev.ktun.outbound;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** The tests' DNS client: one query to one server, over UDP or TCP, with or without EDNS; no retries over TCP. */
final class Dig {
    private Dig() {
    }

    static Message query(InetSocketAddress server, String name, int type, boolean tcp, Integer ednsPayload) throws IOException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(3));
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        resolver.setEDNS(-1);
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        if (ednsPayload != null) {
            query.addRecord(new OPTRecord(ednsPayload, 0, 0), Section.ADDITIONAL);
        }
        return resolver.send(query);
    }

    static Message udp(InetSocketAddress server, String name, int type) throws IOException {
        return query(server, name, type, false, null);
    }
}
