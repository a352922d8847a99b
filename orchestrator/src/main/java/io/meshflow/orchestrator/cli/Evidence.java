package io.meshflow.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.orchestrator.catalog.CheckRow;
import java.io.PrintWriter;
import java.util.List;

/** Prints the example failing rows kept for failed checks. */
final class Evidence {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Evidence() {}

  /** For each failed check with examples: a heading and up to {@code limit} rows, one per line. */
  static void print(PrintWriter out, String indent, List<CheckRow> checks, int limit) {
    for (CheckRow c : checks) {
      if (c.success() || c.failingRows() == null) continue;
      JsonNode rows;
      try {
        rows = JSON.readTree(c.failingRows());
      } catch (JsonProcessingException e) {
        continue;
      }
      if (!rows.isArray() || rows.isEmpty()) continue;
      out.println(
          indent
              + "example failing rows of "
              + c.checkName()
              + " ("
              + Math.min(limit, rows.size())
              + " of "
              + rows.size()
              + " kept):");
      for (int i = 0; i < Math.min(limit, rows.size()); i++) {
        out.println(indent + "  " + rows.get(i).toString());
      }
    }
  }
}
