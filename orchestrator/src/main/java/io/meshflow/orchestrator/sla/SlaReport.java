package io.meshflow.orchestrator.sla;

import io.meshflow.orchestrator.catalog.SlaDao;
import io.meshflow.workflows.activities.SlaBreach;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A product's SLA as numbers: its state now, and its compliance over a window, computed from the
 * breach intervals the monitor recorded (exact to the millisecond, not sampled).
 *
 * <p>Compliance over a window is the share of the window's monitored time within target: for
 * freshness, for availability, and for both (time in neither kind of breach). The window starts no
 * earlier than the product's monitor did.
 */
public final class SlaReport {
  /** The share of a product's targeted age past which it is at risk. */
  static final double AT_RISK = 0.8;

  private final SlaDao sla;
  private final Clock clock;

  public SlaReport(SlaDao sla, Clock clock) {
    this.sla = sla;
    this.clock = clock;
  }

  /**
   * Compliance over one window.
   *
   * @param from the window's start, or the monitor's when later
   * @param freshness percent of the time within the freshness target (100 without one)
   * @param availability percent of the time the product was readable
   * @param both percent of the time within both
   */
  public record Compliance(
      Duration window,
      Instant from,
      Instant to,
      double freshness,
      double availability,
      double both) {}

  /**
   * A product's SLA.
   *
   * @param state {@code fresh}, {@code at risk}, {@code breached}, {@code unavailable} or {@code no
   *     data}
   * @param age how old its newest data is; null before its first publish
   * @param breaches the breaches overlapping the report's window, oldest first
   */
  public record ProductSla(
      String product,
      String state,
      Duration age,
      Duration freshnessTarget,
      Double availabilityTarget,
      Instant monitoredSince,
      List<Compliance> compliance,
      List<SlaDao.Breach> breaches) {}

  /** Every monitored product's SLA over {@code windows}, breaches over the first. */
  public List<ProductSla> all(List<Duration> windows) {
    return sla.monitors().stream().map(m -> of(m, windows)).toList();
  }

  /**
   * The windows of a one-product report: {@code window} first (its breaches are listed), then 7, 30
   * and 90 days.
   */
  public static List<Duration> detailWindows(Duration window) {
    List<Duration> windows = new ArrayList<>(List.of(window));
    for (Duration d : List.of(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90))) {
      if (!windows.contains(d)) windows.add(d);
    }
    return windows;
  }

  /** One product's SLA; empty when it is not monitored. */
  public Optional<ProductSla> product(String product, List<Duration> windows) {
    return sla.monitor(product).map(m -> of(m, windows));
  }

  private ProductSla of(SlaDao.Monitor m, List<Duration> windows) {
    Instant now = clock.instant();
    Instant since = measuredSince(m);
    // one read of the breaches, over the longest window; each window clamps them itself
    Duration longest = windows.stream().max(Duration::compareTo).orElseThrow();
    List<SlaDao.Breach> seen = sla.breaches(m.productId(), later(now.minus(longest), since), now);
    List<Compliance> compliance = new ArrayList<>();
    for (Duration w : windows) compliance.add(compliance(seen, since, w, now));
    Instant from = later(now.minus(windows.get(0)), since);
    List<SlaDao.Breach> breaches =
        seen.stream().filter(b -> b.endedAt() == null || b.endedAt().isAfter(from)).toList();
    // a breach that goes on overlaps now, so it is among those read
    List<SlaDao.Breach> open = seen.stream().filter(b -> b.endedAt() == null).toList();
    Duration target =
        m.freshnessSeconds() == null ? null : Duration.ofSeconds(m.freshnessSeconds());
    Duration age =
        sla.newestData(m.productId()).map(d -> Duration.between(d.dataTime(), now)).orElse(null);
    String state;
    if (open.stream().anyMatch(b -> b.kind().equals(SlaBreach.AVAILABILITY))) {
      state = "unavailable";
    } else if (open.stream().anyMatch(b -> b.kind().equals(SlaBreach.FRESHNESS))) {
      state = "breached";
    } else if (age == null) {
      state = "no data";
    } else if (target != null && age.compareTo(target) >= 0) {
      state = "breached";
    } else if (target != null && age.toMillis() >= AT_RISK * target.toMillis()) {
      state = "at risk";
    } else {
      state = "fresh";
    }
    return new ProductSla(
        m.productId(),
        state,
        age,
        target,
        m.availabilityPercent(),
        m.monitoredSince(),
        compliance,
        breaches);
  }

  /** From when a product is measured: its monitor's start, or its first publish if later. */
  private Instant measuredSince(SlaDao.Monitor m) {
    return sla.firstPublished(m.productId())
        .map(first -> later(first, m.monitoredSince()))
        .orElse(m.monitoredSince());
  }

  private static Compliance compliance(
      List<SlaDao.Breach> breaches, Instant since, Duration window, Instant now) {
    Instant from = later(now.minus(window), since);
    long total = Math.max(0, now.toEpochMilli() - from.toEpochMilli());
    long fresh = covered(breaches, SlaBreach.FRESHNESS, from, now);
    long available = covered(breaches, SlaBreach.AVAILABILITY, from, now);
    long any = covered(breaches, null, from, now);
    return new Compliance(
        window, from, now, percent(fresh, total), percent(available, total), percent(any, total));
  }

  /**
   * How long the breaches of {@code kind} (null: any) cover of {@code [from, to)}, overlaps once.
   */
  static long covered(List<SlaDao.Breach> breaches, String kind, Instant from, Instant to) {
    List<long[]> spans = new ArrayList<>();
    for (SlaDao.Breach b : breaches) {
      if (kind != null && !b.kind().equals(kind)) continue;
      long start = Math.max(b.startedAt().toEpochMilli(), from.toEpochMilli());
      long end =
          Math.min(
              b.endedAt() == null ? to.toEpochMilli() : b.endedAt().toEpochMilli(),
              to.toEpochMilli());
      if (end > start) spans.add(new long[] {start, end});
    }
    spans.sort(Comparator.comparingLong(s -> s[0]));
    long total = 0;
    long reach = Long.MIN_VALUE;
    for (long[] s : spans) {
      long start = Math.max(s[0], reach);
      if (s[1] > start) total += s[1] - start;
      reach = Math.max(reach, s[1]);
    }
    return total;
  }

  private static double percent(long breached, long total) {
    if (total == 0) return 100.0;
    return 100.0 * (total - breached) / total;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
