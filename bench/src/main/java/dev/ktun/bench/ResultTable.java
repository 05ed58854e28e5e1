package dev.ktun.bench;

import java.util.ArrayList;
import java.util.List;

/** The rows of one run, as aligned text for the terminal and as a markdown table for docs/benchmarks.md. */
final class ResultTable {
    static final List<String> HEADER = List.of("Target", "What", "Direct", "ktun", "ktun vs direct", "Target", "Result");

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String text() {
        List<List<String>> lines = cells();
        int[] widths = new int[HEADER.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            List<String> line = lines.get(n);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(String.format("%-" + widths[i] + "s", line.get(i))).append(i + 1 < widths.length ? "  " : "");
            }
            out.append(text.toString().stripTrailing()).append('\n');
            if (n == 0) {
                out.append("-".repeat(text.toString().stripTrailing().length())).append('\n');
            }
        }
        return out.toString();
    }

    String markdown() {
        List<List<String>> lines = cells();
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            out.append("| ").append(String.join(" | ", lines.get(n).stream().map(ResultTable::escape).toList())).append(" |\n");
            if (n == 0) {
                out.append("|").append("---|".repeat(HEADER.size())).append('\n');
            }
        }
        return out.toString();
    }

    private List<List<String>> cells() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Row row : rows) {
            lines.add(List.of(row.target(), row.what(), row.direct(), row.ktun(), row.versus(), row.goal(), row.verdict().name()));
        }
        return lines;
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
