package dev.ktun.bench;

/** How a figure compares with its design target. */
enum Verdict {
    PASS,
    MISS,
    /** A reference figure that explains the others; it has no target of its own. */
    REFERENCE,
    /** The measurement itself failed; the reason is printed above the table. */
    FAILED;

    static Verdict meets(boolean met) {
        return met ? PASS : MISS;
    }
}
