package dev.ktun.bench;

import java.util.List;

/**
 * T1: one connection's bulk throughput, caller to backend; T1r the same backend to caller. Target >= 50 % of direct.
 * The same upload through a {@link PlainRelay} shows what two relay hops alone cost on this machine.
 */
final class ThroughputTarget implements Measurement {
    static final double GOAL = 0.50;
    private static final String WHAT_RELAY = "reference: plain 2-hop relay, no tunnel, caller -> backend";

    private final Budget budget;
    private final Endpoints relay;
    private Throughput ktunUpload;

    ThroughputTarget(Budget budget, Endpoints relay) {
        this.budget = budget;
        this.relay = relay;
    }

    /** T1's ktun figure, the reference for T6's bulk; null until measured. */
    Throughput ktunUpload() {
        return ktunUpload;
    }

    @Override
    public String target() {
        return "T1";
    }

    @Override
    public List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception {
        Throughput directUp = upload(direct);
        ktunUpload = upload(ktun);
        Throughput relayUp = upload(relay);
        Throughput directDown = download(direct);
        Throughput ktunDown = download(ktun);
        return List.of(row("T1", "bulk, 1 connection, caller -> backend", directUp, ktunUpload),
                new Row("T1", WHAT_RELAY, Figures.gbits(directUp.gbitPerSecond()), Figures.gbits(relayUp.gbitPerSecond()),
                        Figures.percent(relayUp.gbitPerSecond() / directUp.gbitPerSecond()) + " (ktun: "
                                + Figures.percent(ktunUpload.gbitPerSecond() / relayUp.gbitPerSecond()) + " of it)",
                        Row.NONE, Verdict.REFERENCE),
                row("T1r", "bulk, 1 connection, backend -> caller", directDown, ktunDown));
    }

    @Override
    public List<Row> failedRows() {
        return List.of(Row.failed("T1", "bulk, 1 connection, caller -> backend", goal()), Row.failed("T1", WHAT_RELAY, Row.NONE),
                Row.failed("T1r", "bulk, 1 connection, backend -> caller", goal()));
    }

    private Throughput upload(Endpoints path) throws Exception {
        BulkTransfer.upload(path.sink(), budget.bulkWarmup());
        Throughput measured = BulkTransfer.upload(path.sink(), budget.bulk());
        Progress.say("T1  upload   %-6s %s (%s in %.1f s)", path.name(), Figures.gbits(measured.gbitPerSecond()),
                Figures.mib(measured.bytes()), measured.nanos() / 1e9);
        return measured;
    }

    private Throughput download(Endpoints path) throws Exception {
        BulkTransfer.download(path.source(), budget.bulkWarmup());
        Throughput measured = BulkTransfer.download(path.source(), budget.bulk());
        Progress.say("T1r download %-6s %s (%s in %.1f s)", path.name(), Figures.gbits(measured.gbitPerSecond()),
                Figures.mib(measured.bytes()), measured.nanos() / 1e9);
        return measured;
    }

    private static Row row(String target, String what, Throughput direct, Throughput ktun) {
        double ratio = ktun.gbitPerSecond() / direct.gbitPerSecond();
        return new Row(target, what, Figures.gbits(direct.gbitPerSecond()), Figures.gbits(ktun.gbitPerSecond()),
                Figures.percent(ratio), goal(), Verdict.meets(ratio >= GOAL));
    }

    private static String goal() {
        return ">= " + Figures.percent(GOAL) + " of direct";
    }
}
