package dev.ktun.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * T1: one connection's bulk throughput, caller to backend; T1r the same backend to caller. Target >= 50 % of direct.
 * The same upload through each {@link Reference} shows what two relay hops alone cost on this machine.
 */
final class ThroughputTarget implements Measurement {
    static final double GOAL = 0.50;
    private final Budget budget;
    private final List<Reference> references;
    private Throughput ktunUpload;

    ThroughputTarget(Budget budget, List<Reference> references) {
        this.budget = budget;
        this.references = references;
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
        List<Row> rows = new ArrayList<>(List.of(row("T1", "bulk, 1 connection, caller -> backend", directUp, ktunUpload)));
        for (Reference reference : references) {
            Throughput relayUp = upload(reference.endpoints());
            rows.add(new Row("T1", what(reference), Figures.gbits(directUp.gbitPerSecond()), Figures.gbits(relayUp.gbitPerSecond()),
                    Figures.percent(relayUp.gbitPerSecond() / directUp.gbitPerSecond()) + " (ktun: "
                            + Figures.percent(ktunUpload.gbitPerSecond() / relayUp.gbitPerSecond()) + " of it)",
                    Row.NONE, Verdict.REFERENCE));
        }
        Throughput directDown = download(direct);
        Throughput ktunDown = download(ktun);
        rows.add(row("T1r", "bulk, 1 connection, backend -> caller", directDown, ktunDown));
        return rows;
    }

    @Override
    public List<Row> failedRows() {
        List<Row> rows = new ArrayList<>(List.of(Row.failed("T1", "bulk, 1 connection, caller -> backend", goal())));
        references.forEach(reference -> rows.add(Row.failed("T1", what(reference), Row.NONE)));
        rows.add(Row.failed("T1r", "bulk, 1 connection, backend -> caller", goal()));
        return rows;
    }

    private static String what(Reference reference) {
        return "reference: " + reference.description() + ", caller -> backend";
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
