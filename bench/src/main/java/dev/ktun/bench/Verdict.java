package dev.ktun.bench;

/** How a figure compares with its design target. */
enum Verdict {
    PASS,
    MISS,
    /** The measurement itself failed; the reason is printed above the table. */
    FAILED;

    static Verdict meets(boolean met) {
        return met ? PASS : MISS;
    }
}
