package dev.ktun.bench;

/** Bytes that arrived over the time they took. */
record Throughput(long bytes, long nanos) {
    double gbitPerSecond() {
        return nanos == 0 ? 0 : bytes * 8.0 / nanos;
    }
}
