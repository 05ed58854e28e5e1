package dev.ktun.bench;

/**
 * One line of the result table: a target, the figure for direct TCP and for the ktun path measured in the same run,
 * how they compare (ratio or added latency), the design's target and the verdict.
 */
record Row(String target, String what, String direct, String ktun, String versus, String goal, Verdict verdict) {
    static final String NONE = "-";

    static Row failed(String target, String what, String goal) {
        return new Row(target, what, NONE, NONE, NONE, goal, Verdict.FAILED);
    }
}
