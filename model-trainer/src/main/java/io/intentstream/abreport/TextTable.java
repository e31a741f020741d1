package io.intentstream.abreport;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table whose columns are as wide as their widest cell, each aligned left or right. */
final class TextTable {
    private final String alignment;
    private final List<String[]> rows = new ArrayList<>();

    /** {@code alignment} has one letter per column, {@code l} or {@code r}; columns beyond it align right. */
    TextTable(String alignment, String... header) {
        this.alignment = alignment;
        rows.add(header);
    }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    String render() {
        int columns = 0;
        for (String[] r : rows) {
            columns = Math.max(columns, r.length);
        }
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[c] - r[c].length());
                boolean left = c < alignment.length() && alignment.charAt(c) == 'l';
                line.append(left ? r[c] + pad : pad + r[c]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
