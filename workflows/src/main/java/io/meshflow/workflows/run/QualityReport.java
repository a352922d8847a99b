package io.meshflow.workflows.run;

import java.util.List;

/** Words for failed quality checks, shared by the run's failure message and the CLI. */
public final class QualityReport {
  private QualityReport() {}

  /** One readable block: a line per failed check with what was observed and what was expected. */
  public static String describe(List<CheckOutcome> failed) {
    StringBuilder out = new StringBuilder();
    out.append(failed.size())
        .append(failed.size() == 1 ? " quality check failed:" : " quality checks failed:");
    for (CheckOutcome c : failed) {
      out.append("\n  - ")
          .append(c.name())
          .append(" [")
          .append(c.severity().name().toLowerCase(java.util.Locale.ROOT))
          .append("]: ")
          .append(c.observed())
          .append("; expected ")
          .append(c.expected());
    }
    return out.toString();
  }
}
