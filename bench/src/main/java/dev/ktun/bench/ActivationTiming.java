package dev.ktun.bench;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One intercept activation as T8's scene timed it, and the line that carries it from the scene's JVM to the bench.
 *
 * @param readyToLocalNanos      from the proxy pod marked Ready to the first request at the developer's local server
 * @param readyToRepointedNanos from the proxy pod marked Ready to the operator's repointing of the Service (as a watch
 *                              saw it): the operator's share of the former
 * @param readyToTunnelNanos     from the proxy pod marked Ready to {@code ktun intercept} saying "tunnel up": the client's
 *                              share (its claim follows a round trip later)
 * @param startToLocalNanos      from {@code ktun intercept} started to that same first request: what a user waits in all
 * @param caller                 what the probing caller saw meanwhile (how many answers from where, how often it asked)
 */
record ActivationTiming(int round, long readyToLocalNanos, long readyToRepointedNanos, long readyToTunnelNanos,
                        long startToLocalNanos, String caller) {
    private static final Pattern LINE = Pattern.compile("T8 round (\\d+): ready-to-local (-?\\d+) ns, ready-to-repointed (-?\\d+) ns, "
            + "ready-to-tunnel (-?\\d+) ns, start-to-local (-?\\d+) ns; caller: (.*)");

    String line() {
        return String.format(Locale.ROOT, "T8 round %d: ready-to-local %d ns, ready-to-repointed %d ns, ready-to-tunnel %d ns, "
                + "start-to-local %d ns; caller: %s", round, readyToLocalNanos, readyToRepointedNanos, readyToTunnelNanos,
                startToLocalNanos, caller);
    }

    static ActivationTiming parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a T8 timing line: " + line);
        }
        return new ActivationTiming(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), m.group(6));
    }

    static Predicate<String> isRound(int round) {
        return line -> line.startsWith("T8 round " + round + ":");
    }

    String describe() {
        return String.format(Locale.ROOT, "round %d: proxy pod Ready -> local %.1f ms (Service repointed after %.1f ms, "
                + "tunnel up after %.1f ms), ktun intercept start -> local %.0f ms; caller: %s", round, readyToLocalNanos / 1e6,
                readyToRepointedNanos / 1e6, readyToTunnelNanos / 1e6, startToLocalNanos / 1e6, caller);
    }
}
