package dev.ktun.bench;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Which targets a run measures ({@code --only}); all of them unless narrowed, for A/B runs of one change. */
record Selection(Set<String> targets) {
    static final List<String> ALL = List.of("T1", "T3", "T4", "T5", "T6", "T7", "T8", "DNS");
    /** T6 reports its bulk stream as a share of T1's ktun figure, so it cannot run without T1. */
    private static final String T6_NEEDS = "T1";

    static Selection all() {
        return new Selection(Set.copyOf(ALL));
    }

    /** @throws IllegalArgumentException naming the unknown target and the known ones */
    static Selection of(List<String> names) {
        Set<String> chosen = new TreeSet<>();
        for (String name : names) {
            String target = name.trim().toUpperCase(Locale.ROOT);
            if (!ALL.contains(target)) {
                throw new IllegalArgumentException("unknown target '" + name + "'; known targets: " + String.join(",", ALL));
            }
            chosen.add(target);
        }
        if (chosen.contains("T6")) {
            chosen.add(T6_NEEDS);
        }
        return new Selection(Set.copyOf(chosen));
    }

    boolean includes(String target) {
        return targets.contains(target);
    }

    /** Whether anything needs the long-lived proxy + client pair (T7 and T8 start their own; DNS needs none). */
    boolean needsKtunPath() {
        return targets.stream().anyMatch(t -> t.equals("T1") || t.equals("T3") || t.equals("T4") || t.equals("T5") || t.equals("T6"));
    }
}
