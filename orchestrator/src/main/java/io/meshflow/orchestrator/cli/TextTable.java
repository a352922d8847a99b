package io.meshflow.orchestrator.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with a header row; numeric-looking columns are right-aligned. */
final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  TextTable(String... header) {
    this.header = List.of(header);
    this.rightAligned = new boolean[header.length];
  }

  TextTable alignRight(int... columns) {
    for (int c : columns) rightAligned[c] = true;
    return this;
  }

  void add(String... cells) {
    List<String> row = new ArrayList<>();
    for (String c : cells) row.add(c == null ? "" : c);
    rows.add(row);
  }

  void print(PrintWriter out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) widths[i] = header.get(i).length();
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row.get(i).length());
    }
    line(out, header, widths);
    for (List<String> row : rows) line(out, row, widths);
    out.flush();
  }

  private void line(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      b.append(rightAligned[i] ? pad + cell : cell + pad);
      if (i < widths.length - 1) b.append("  ");
    }
    out.println(b.toString().stripTrailing());
  }
}
