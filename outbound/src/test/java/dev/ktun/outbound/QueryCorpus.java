package dev.ktun.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** The checked-in malformed (and a few valid) queries: the fuzz test's seeds, replayed on real sockets too. */
final class QueryCorpus {
    static final String DIR = "/dev/ktun/outbound/QueryFuzzTestInputs/anyQueryBytes/";

    /** Each input and what ktun must do with it: an rcode name, or DROP. */
    static final Map<String, String> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("valid-a-orders", "NOERROR"),
            Map.entry("valid-edns-aaaa", "NOERROR"),
            Map.entry("pointer-loop-self", "FORMERR"),
            Map.entry("pointer-loop-pair", "FORMERR"),
            Map.entry("pointer-past-end", "FORMERR"),
            Map.entry("label-too-long", "FORMERR"),
            Map.entry("name-too-long", "FORMERR"),
            Map.entry("truncated-question-name", "FORMERR"),
            Map.entry("truncated-question-type", "FORMERR"),
            Map.entry("truncated-additional-record", "FORMERR"),
            Map.entry("record-rdlength-overruns", "FORMERR"),
            Map.entry("qdcount-zero", "FORMERR"),
            Map.entry("qdcount-two", "FORMERR"),
            Map.entry("qdcount-says-two-has-one", "FORMERR"),
            Map.entry("opt-twice", "FORMERR"),
            Map.entry("opt-not-owned-by-root", "FORMERR"),
            Map.entry("opt-in-answer-section", "FORMERR"),
            Map.entry("opt-option-overruns-rdata", "FORMERR"),
            Map.entry("edns-version-1", "BADVERS"),
            Map.entry("shorter-than-header", "DROP"),
            Map.entry("empty", "DROP"),
            Map.entry("response-not-query", "DROP"),
            Map.entry("opcode-update", "NOTIMP"),
            Map.entry("opcode-unassigned-15", "NOTIMP"),
            Map.entry("class-chaos-version-bind", "REFUSED"),
            Map.entry("trailing-garbage", "NOERROR")));

    private QueryCorpus() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = QueryCorpus.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus input " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
