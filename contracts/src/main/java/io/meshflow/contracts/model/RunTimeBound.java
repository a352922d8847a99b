package io.meshflow.contracts.model;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound known only when a run starts, Meshflow's form of GE's evaluation parameters: {@code {{
 * run_started_at }}}, optionally plus or minus a duration — {@code "{{ run_started_at }} - 1d"}:
 * "not older than a day before the run started". The run's start is the workflow's, so a retried
 * check compares with the same instant.
 *
 * @param offset added to the run's start (negative for {@code -})
 */
public record RunTimeBound(Duration offset) {
  private static final Pattern FORM =
      Pattern.compile(
          "\\s*\\{\\{\\s*run_started_at\\s*}}\\s*(?:([+-])\\s*([1-9][0-9]{0,5}[smhd]))?\\s*");

  /** Whether {@code text} is written as a run-time bound at all (then {@link #parse} judges it). */
  public static boolean looksLikeOne(String text) {
    return text != null && text.contains("{{");
  }

  /** The bound {@code text} writes, or empty when it is not one. */
  public static Optional<RunTimeBound> parse(String text) {
    if (text == null) return Optional.empty();
    Matcher m = FORM.matcher(text);
    if (!m.matches()) return Optional.empty();
    if (m.group(1) == null) return Optional.of(new RunTimeBound(Duration.ZERO));
    String amount = m.group(2);
    long n = Long.parseLong(amount.substring(0, amount.length() - 1));
    Duration d =
        switch (amount.charAt(amount.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    return Optional.of(new RunTimeBound(m.group(1).equals("-") ? d.negated() : d));
  }

  /** The offset as a PostgreSQL interval literal, e.g. {@code -86400 seconds}. */
  public String interval() {
    return offset.getSeconds() + " seconds";
  }
}
