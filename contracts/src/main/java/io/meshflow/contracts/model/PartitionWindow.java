package io.meshflow.contracts.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * One partition of a partitioned product: its key ({@code 2026-03-14} for a day, {@code
 * 2026-03-14T10} for an hour, {@code 2026-03} for a month) and its time window [start, end) in UTC.
 *
 * @param start ISO-8601 instant, inclusive
 * @param end ISO-8601 instant, exclusive
 */
public record PartitionWindow(String key, String start, String end) {

  /** The window of {@code key} for partitions of {@code granularity}. */
  public static PartitionWindow of(Partitioning.Granularity granularity, String key) {
    try {
      return switch (granularity) {
        case DAY -> {
          LocalDate day = LocalDate.parse(key);
          yield window(key, day.atStartOfDay(), day.plusDays(1).atStartOfDay());
        }
        case HOUR -> {
          LocalDateTime hour = LocalDateTime.parse(key + ":00:00");
          yield window(key, hour, hour.plusHours(1));
        }
        case MONTH -> {
          YearMonth month = YearMonth.parse(key);
          yield window(
              key, month.atDay(1).atStartOfDay(), month.plusMonths(1).atDay(1).atStartOfDay());
        }
      };
    } catch (DateTimeParseException e) {
      String example = example(granularity);
      throw new IllegalArgumentException(
          "invalid "
              + granularity.name().toLowerCase(java.util.Locale.ROOT)
              + " partition '"
              + key
              + "' (expected e.g. "
              + example
              + ")");
    }
  }

  /** The keys from {@code from} to {@code to}, both included, in order. */
  public static java.util.List<String> range(
      Partitioning.Granularity granularity, String from, String to) {
    PartitionWindow first = of(granularity, from);
    PartitionWindow last = of(granularity, to);
    if (first.startInstant().isAfter(last.startInstant())) {
      throw new IllegalArgumentException(
          "the range " + from + " to " + to + " ends before it starts");
    }
    java.util.List<String> keys = new java.util.ArrayList<>();
    LocalDateTime at = LocalDateTime.ofInstant(first.startInstant(), ZoneOffset.UTC);
    LocalDateTime end = LocalDateTime.ofInstant(last.startInstant(), ZoneOffset.UTC);
    while (!at.isAfter(end)) {
      keys.add(keyAt(granularity, at.toInstant(ZoneOffset.UTC)));
      at =
          switch (granularity) {
            case HOUR -> at.plusHours(1);
            case DAY -> at.plusDays(1);
            case MONTH -> at.plusMonths(1);
          };
    }
    return keys;
  }

  /** The key of the partition of {@code granularity} that contains {@code instant}. */
  public static String keyAt(Partitioning.Granularity granularity, Instant instant) {
    LocalDateTime at = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    return switch (granularity) {
      case HOUR -> at.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"));
      case DAY -> at.toLocalDate().toString();
      case MONTH -> YearMonth.from(at).toString();
    };
  }

  /** The last partition that has fully ended by {@code now}, e.g. yesterday for a daily product. */
  public static PartitionWindow latestComplete(Partitioning.Granularity granularity, Instant now) {
    PartitionWindow current = of(granularity, keyAt(granularity, now));
    return of(granularity, keyAt(granularity, current.startInstant().minusNanos(1)));
  }

  /**
   * The keys of the partitions of {@code granularity} that overlap {@code window}: the same key for
   * the same granularity, the containing partition for a coarser one (day → month), every covered
   * one for a finer one (day → 24 hours).
   */
  public static java.util.List<String> covering(
      Partitioning.Granularity granularity, PartitionWindow window) {
    return range(
        granularity,
        keyAt(granularity, window.startInstant()),
        keyAt(granularity, Instant.parse(window.end()).minusNanos(1)));
  }

  /** A key of that granularity, for messages. */
  public static String example(Partitioning.Granularity granularity) {
    return switch (granularity) {
      case DAY -> "2026-03-14";
      case HOUR -> "2026-03-14T10";
      case MONTH -> "2026-03";
    };
  }

  private static PartitionWindow window(String key, LocalDateTime start, LocalDateTime end) {
    return new PartitionWindow(
        key, start.toInstant(ZoneOffset.UTC).toString(), end.toInstant(ZoneOffset.UTC).toString());
  }

  /** The key as part of a table name: letters and digits only. */
  public String tableSuffix() {
    return key.replaceAll("[^0-9A-Za-z]", "").toLowerCase(java.util.Locale.ROOT);
  }

  public Instant startInstant() {
    return Instant.parse(start);
  }
}
