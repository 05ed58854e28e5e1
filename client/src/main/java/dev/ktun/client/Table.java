package dev.ktun.client;

import java.io.PrintWriter;
import java.util.List;

/** Columns aligned like kubectl's: each as wide as its widest cell, three spaces apart. */
final class Table {
    private Table() {
    }

    static void print(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row[c] : String.format("%-" + (widths[c] + 3) + "s", row[c]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
