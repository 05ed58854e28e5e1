package dev.ktun.outbound;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query, whatever its bytes: cluster names from the {@link NameTable}, everything else through the
 * {@link Upstreams} (or REFUSED without them). A name in a namespace not followed yet waits until it is (SERVFAIL when
 * it cannot be: forbidden, or too slow). Malformed queries whose header can be read get FORMERR; the rest (shorter
 * than a header, or responses, which answering could loop) are dropped: the answer completes with null.
 */
public final class Resolver {
    /** Short, so a Service that moves or vanishes is seen quickly, and long enough to spare a query per request. */
    public static final long TTL_SECONDS = 5;
    /** The EDNS payload size ktun offers and honours (the DNS flag day 2020 value: no IP fragmentation). */
    public static final int EDNS_PAYLOAD = 1232;
    private static final int PLAIN_UDP_LIMIT = 512;
    private static final int TCP_LIMIT = 65535;
    /** How long a query waits for a namespace's first list: within the 5 s a stub resolver waits for an answer. */
    static final long FOLLOW_WAIT_MILLIS = 2000;

    private final ClusterNames names;
    private final Supplier<NameTable> table;
    private final Upstreams upstreams;
    private final Function<String, CompletionStage<Void>> follow;
    private final SOARecord soa;

    /** A resolver that answers only from the table; a name in a namespace it does not hold gets SERVFAIL. */
    public Resolver(ClusterNames names, Supplier<NameTable> table, Upstreams upstreams) {
        this(names, table, upstreams, namespace -> CompletableFuture.failedFuture(
                new IllegalStateException("namespace " + namespace + " is not followed")));
    }

    /**
     * @param upstreams where outside names go; null refuses them
     * @param follow    starts following a namespace; completes once its Services are in the table
     */
    public Resolver(ClusterNames names, Supplier<NameTable> table, Upstreams upstreams,
                    Function<String, CompletionStage<Void>> follow) {
        this.names = names;
        this.table = table;
        this.upstreams = upstreams;
        this.follow = follow;
        this.soa = soa(names.domain());
    }

    /** The answer's bytes, or null to drop the query. Cluster names complete at once, forwarded names later. */
    public CompletionStage<byte[]> answer(byte[] wire, boolean tcp) {
        if (wire.length < Header.LENGTH) {
            return CompletableFuture.completedFuture(null);
        }
        Header header;
        Message query;
        try {
            header = new Header(wire);
        } catch (IOException e) {
            return CompletableFuture.completedFuture(null);
        }
        if (header.getFlag(Flags.QR)) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return done(failure(header, Rcode.FORMERR), PLAIN_UDP_LIMIT);
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return done(failure(header, Rcode.NOTIMP), PLAIN_UDP_LIMIT);
        }
        if (header.getCount(Section.QUESTION) != 1 || !wellFormedOpt(query)) {
            return done(failure(header, Rcode.FORMERR), PLAIN_UDP_LIMIT);
        }
        OPTRecord opt = query.getOPT();
        int limit = tcp ? TCP_LIMIT : opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
        if (opt != null && opt.getVersion() > 0) {
            return done(badVersion(query), limit);
        }
        Record question = query.getQuestion();
        if (question.getDClass() != DClass.IN) {
            return outside(query, tcp, limit);
        }
        String qname = question.getName().toString(true);
        Lookup lookup = names.lookup(table.get(), qname);
        if (lookup instanceof Lookup.Unfollowed unfollowed) {
            // copy(): the timeout is this query's; the namespace's first list goes on for the next one.
            return follow.apply(unfollowed.namespace()).toCompletableFuture().copy()
                    .orTimeout(FOLLOW_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    .handle((followed, failure) -> failure == null ? names.lookup(table.get(), qname) : lookup)
                    .thenCompose(now -> answer(query, now, tcp, limit));
        }
        return answer(query, lookup, tcp, limit);
    }

    private CompletionStage<byte[]> answer(Message query, Lookup lookup, boolean tcp, int limit) {
        if (lookup instanceof Lookup.Outside) {
            return outside(query, tcp, limit);
        }
        if (lookup instanceof Lookup.Unfollowed) {
            return done(failure(query.getHeader(), Rcode.SERVFAIL, query), limit);
        }
        return done(local(query, lookup), limit);
    }

    /** RFC 6891: at most one OPT, in the additional section, owned by the root. */
    private static boolean wellFormedOpt(Message query) {
        List<Record> opts = query.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.OPT).toList();
        boolean elsewhere = query.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == Type.OPT)
                || query.getSection(Section.AUTHORITY).stream().anyMatch(r -> r.getType() == Type.OPT);
        return !elsewhere && opts.size() <= 1 && opts.stream().allMatch(r -> r.getName().equals(Name.root));
    }

    private Message local(Message query, Lookup lookup) {
        Message answer = reply(query);
        answer.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        int type = question.getType();
        if (lookup instanceof Lookup.Known known && (type == Type.A || type == Type.ANY)) {
            answer.addRecord(new ARecord(question.getName(), DClass.IN, TTL_SECONDS, known.address()), Section.ANSWER);
        } else if (lookup instanceof Lookup.Unknown) {
            answer.getHeader().setRcode(Rcode.NXDOMAIN);
            answer.addRecord(soa, Section.AUTHORITY);
        } else {
            // NODATA: the name exists (a Service asked for AAAA, MX, ...; or an empty non-terminal). Clients that ask
            // A and AAAA together then use the A answer instead of failing the whole lookup.
            answer.addRecord(soa, Section.AUTHORITY);
        }
        return answer;
    }

    private CompletionStage<byte[]> outside(Message query, boolean tcp, int limit) {
        if (upstreams == null) {
            return done(failure(query.getHeader(), Rcode.REFUSED, query), limit);
        }
        return upstreams.forward(query, tcp).handle((answer, failure) -> {
            if (failure != null) {
                return failure(query.getHeader(), Rcode.SERVFAIL, query).toWire(limit);
            }
            // The client speaks to ktun, not to the upstream: EDNS in the answer as the client used it with ktun.
            answer.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.OPT).toList()
                    .forEach(r -> answer.removeRecord(r, Section.ADDITIONAL));
            if (query.getOPT() != null) {
                answer.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
            }
            return answer.toWire(limit);
        });
    }

    private static Message reply(Message query) {
        Header in = query.getHeader();
        Message answer = new Message(in.getID());
        Header out = answer.getHeader();
        out.setFlag(Flags.QR);
        if (in.getFlag(Flags.RD)) {
            out.setFlag(Flags.RD);
        }
        out.setFlag(Flags.RA);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        if (query.getOPT() != null) {
            answer.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return answer;
    }

    private static Message failure(Header in, int rcode, Message query) {
        Message answer = failure(in, rcode);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        return answer;
    }

    private static Message failure(Header in, int rcode) {
        Message answer = new Message(in.getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setOpcode(in.getOpcode());
        answer.getHeader().setRcode(rcode);
        return answer;
    }

    /** RFC 6891 BADVERS: extended rcode 1 in the OPT, version 0 offered. */
    private static Message badVersion(Message query) {
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.addRecord(query.getQuestion(), Section.QUESTION);
        answer.addRecord(new OPTRecord(EDNS_PAYLOAD, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
        return answer;
    }

    private static CompletionStage<byte[]> done(Message answer, int limit) {
        return CompletableFuture.completedFuture(answer.toWire(limit));
    }

    private static SOARecord soa(String domain) {
        try {
            Name zone = Name.fromString(domain + ".");
            Name host = Name.fromString("ktun." + domain + ".");
            return new SOARecord(zone, DClass.IN, TTL_SECONDS, host, Name.fromString("hostmaster." + domain + "."),
                    1, 60, 30, 3600, TTL_SECONDS);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + domain + "' is not a DNS domain", e);
        }
    }
}
