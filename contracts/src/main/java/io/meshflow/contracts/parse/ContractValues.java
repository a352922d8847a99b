package io.meshflow.contracts.parse;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the small text formats of a contract; each throws with a message a user can act on.
 */
public final class ContractValues {
  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([smhd])");
  private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3}(?:\\.[0-9]{1,6})?)%");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  private ContractValues() {}

  /** {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}. */
  /** {@code text} as a decimal number, or null when it is none. */
  public static java.math.BigDecimal decimal(String text) {
    if (text == null) return null;
    try {
      return new java.math.BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A value as JSON would carry it: a whole number as a {@code long}, another number as a {@code
   * BigDecimal}, anything else as the text it is.
   */
  public static Object numberOrText(String text) {
    java.math.BigDecimal n = decimal(text);
    if (n == null) return text;
    try {
      return n.scale() <= 0 && n.precision() < 19 ? (Object) n.longValueExact() : (Object) n;
    } catch (ArithmeticException e) {
      return n;
    }
  }

  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '"
              + text
              + "' (expected a positive whole number and a unit s, m, h or d, e.g. 15m)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The duration in the contract's own notation, the inverse of {@link #duration}. */
  public static String durationText(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0) return s / 86400 + "d";
    if (s % 3600 == 0) return s / 3600 + "h";
    if (s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }

  /** {@code 99.9%} → 99.9; between 0% and 100%. */
  public static double percent(String text) {
    Matcher m = PERCENT.matcher(text);
    if (!m.matches() || Double.parseDouble(m.group(1)) > 100.0) {
      throw new IllegalArgumentException(
          "invalid percentage '"
              + text
              + "' (expected a number from 0 to 100 and '%', e.g. 99.9%)");
    }
    return Double.parseDouble(m.group(1));
  }

  public static String email(String text) {
    if (!EMAIL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "invalid owner '" + text + "' (expected an email address, e.g. team-orders@example.com)");
    }
    return text;
  }
}
