package dev.ktun.bench;

import java.util.List;

/** One design target measured over both paths in turn, direct first, each warmed up before it counts. */
interface Measurement {
    /** The design target this measures, as {@code --only} names it. */
    String target();

    List<Row> measure(Endpoints direct, Endpoints ktun) throws Exception;

    /** The rows to show when {@link #measure} failed. */
    List<Row> failedRows();
}
