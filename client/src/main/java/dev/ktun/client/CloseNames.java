package dev.ktun.client;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * "did you mean": the known names nearest to a mistyped one: a few edits away, one containing the other, or sharing
 * a good part of their start ({@code apii} finds {@code api} and {@code api-v2}).
 */
final class CloseNames {
    private static final int MAX_SUGGESTIONS = 3;

    private CloseNames() {
    }

    static List<String> to(String wanted, Collection<String> known) {
        int tolerance = Math.max(2, wanted.length() / 3);
        return known.stream()
                .filter(name -> distance(wanted, name) <= tolerance || name.contains(wanted) || wanted.contains(name)
                        || sharedStart(wanted, name) >= Math.max(3, (wanted.length() + 1) / 2))
                .sorted(Comparator.comparingInt((String name) -> distance(wanted, name)).thenComparing(Comparator.naturalOrder()))
                .limit(MAX_SUGGESTIONS)
                .toList();
    }

    private static int sharedStart(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    /** Levenshtein distance: insertions, deletions and substitutions, one each. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
