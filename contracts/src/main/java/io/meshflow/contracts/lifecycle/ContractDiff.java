package io.meshflow.contracts.lifecycle;

import io.meshflow.contracts.lifecycle.Change.Impact;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.Severity;
import io.meshflow.contracts.parse.ContractValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Classifies every change between two versions of a contract, from the point of view of the
 * product's consumers: what they read (fields, types, nullability, masking, partitioning), what
 * they are promised (SLA, checks) and who may read (access). A breaking change needs a new major
 * version.
 */
public final class ContractDiff {
  /** Type changes that keep every old value representable. */
  private static final Set<String> WIDENINGS =
      Set.of("integer>long", "integer>decimal", "long>decimal", "integer>double", "date>timestamp");

  private final List<Change> changes = new ArrayList<>();

  private ContractDiff() {}

  public static List<Change> compare(DataProductContract before, DataProductContract after) {
    ContractDiff d = new ContractDiff();
    d.identity(before, after);
    d.fields(before, after);
    d.checks(before, after);
    d.promises(before, after);
    return List.copyOf(d.changes);
  }

  /** Whether the changes need a major bump that {@code after}'s version does not have. */
  public static boolean needsMajorBump(
      DataProductContract before, DataProductContract after, List<Change> changes) {
    return changes.stream().anyMatch(c -> c.impact() == Impact.BREAKING)
        && after.version().major() <= before.version().major();
  }

  private void add(Impact impact, String path, String description) {
    changes.add(new Change(impact, path, description));
  }

  private void identity(DataProductContract a, DataProductContract b) {
    if (!a.id().equals(b.id())) {
      add(
          Impact.BREAKING,
          "metadata.name",
          "product renamed from " + a.id() + " to " + b.id() + ": its table moves");
    }
    if (b.version().compareTo(a.version()) < 0) {
      add(
          Impact.BREAKING,
          "metadata.version",
          "version goes back from " + a.version() + " to " + b.version());
    }
    text(a.description(), b.description(), "metadata.description", "description");
    if (!a.tags().equals(b.tags()))
      add(
          Impact.NON_BREAKING,
          "metadata.tags",
          "tags changed from " + a.tags() + " to " + b.tags());
    text(a.owner(), b.owner(), "spec.owner", "owner");
    if (!a.transform().sql().equals(b.transform().sql())) {
      add(
          Impact.UNKNOWN,
          "spec.transform.sql",
          "the SQL model changed; its output is held to the schema at every run,"
              + " but the meaning of its values may have changed");
    }
    // a declared source is the model's source('system', 'table'): compared with the model
    if (!Objects.equals(ownSource(a), ownSource(b))) {
      add(Impact.UNKNOWN, "spec.source", "the source changed");
    }
    if (!Objects.equals(a.partitioning(), b.partitioning())) {
      add(
          Impact.BREAKING,
          "spec.partitioning",
          "partitioning changed from "
              + a.partitioning()
              + " to "
              + b.partitioning()
              + ": partition queries and backfills of consumers change");
    }
    if (!Objects.equals(a.schedule(), b.schedule()))
      add(Impact.NON_BREAKING, "spec.schedule", "schedule changed");
    if (a.trigger() != b.trigger()) {
      add(
          Impact.NON_BREAKING,
          "spec.trigger",
          "trigger changed from "
              + a.trigger().contractName()
              + " to "
              + b.trigger().contractName());
    }
    if (!a.lineage().equals(b.lineage()))
      add(Impact.NON_BREAKING, "spec.lineage", "declared lineage changed");
  }

  private void text(String a, String b, String path, String what) {
    if (!Objects.equals(a, b)) add(Impact.NON_BREAKING, path, what + " changed");
  }

  private void fields(DataProductContract a, DataProductContract b) {
    Map<String, FieldSpec> before = index(a.fields(), f -> f.name().value());
    Map<String, FieldSpec> after = index(b.fields(), f -> f.name().value());
    for (int i = 0; i < a.fields().size(); i++) {
      FieldSpec old = a.fields().get(i);
      if (!after.containsKey(old.name().value())) {
        String renamed =
            i < b.fields().size()
                    && !before.containsKey(b.fields().get(i).name().value())
                    && b.fields().get(i).type() == old.type()
                ? " (renamed to '" + b.fields().get(i).name() + "'?)"
                : "";
        add(
            Impact.BREAKING,
            "spec.schema.fields[" + i + "]",
            "field '" + old.name() + "' removed" + renamed + ": consumers selecting it fail");
      }
    }
    for (int i = 0; i < b.fields().size(); i++) {
      FieldSpec now = b.fields().get(i);
      String path = "spec.schema.fields[" + i + "]";
      FieldSpec old = before.get(now.name().value());
      if (old == null) {
        add(Impact.NON_BREAKING, path, "field '" + now.name() + "' added");
        continue;
      }
      String name = "field '" + now.name() + "'";
      if (old.type() != now.type()) {
        boolean widening =
            WIDENINGS.contains(old.type().contractName() + ">" + now.type().contractName());
        add(
            widening ? Impact.NON_BREAKING : Impact.BREAKING,
            path + ".type",
            name
                + " type changed from "
                + old.type().contractName()
                + " to "
                + now.type().contractName()
                + (widening ? " (widened)" : ""));
      }
      if (old.nullable() && !now.nullable()) {
        add(Impact.BREAKING, path + ".constraints", name + " nullability tightened (now NOT NULL)");
      } else if (!old.nullable() && now.nullable()) {
        add(
            Impact.BREAKING,
            path + ".constraints",
            name + " may now be null: consumers relying on values get nulls");
      }
      if (old.primaryKey() != now.primaryKey()) {
        add(
            Impact.BREAKING,
            path + ".constraints.primary_key",
            name
                + (now.primaryKey() ? " added to" : " removed from")
                + " the primary key: the grain of the table changed");
      }
      if (old.pii() && !now.pii()) {
        add(Impact.BREAKING, path + ".constraints.pii", name + " is no longer marked PII");
      } else if (!old.pii() && now.pii()) {
        add(Impact.NON_BREAKING, path + ".constraints.pii", name + " is now marked PII");
      }
      if (!Objects.equals(old.masking(), now.masking())) {
        String from = old.masking() == null ? "none" : old.masking().contractName();
        String to = now.masking() == null ? "none" : now.masking().contractName();
        add(
            Impact.BREAKING,
            path + ".constraints.masking",
            name
                + " masking changed from "
                + from
                + " to "
                + to
                + (now.masking() == null
                    ? ": raw values would be published"
                    : ": published values change"));
      }
      text(old.description(), now.description(), path + ".description", name + " description");
    }
  }

  private void checks(DataProductContract a, DataProductContract b) {
    Map<String, QualityCheck> before = index(a.checks(), QualityCheck::name);
    Map<String, QualityCheck> after = index(b.checks(), QualityCheck::name);
    for (int i = 0; i < a.checks().size(); i++) {
      QualityCheck old = a.checks().get(i);
      if (!after.containsKey(old.name())) {
        add(
            Impact.NON_BREAKING,
            "spec.quality.checks[" + i + "]",
            "check '" + old.name() + "' removed (a weaker promise)");
      }
    }
    for (int i = 0; i < b.checks().size(); i++) {
      QualityCheck now = b.checks().get(i);
      String path = "spec.quality.checks[" + i + "]";
      QualityCheck old = before.get(now.name());
      String name = "check '" + now.name() + "'";
      if (old == null) {
        add(
            now.severity() == Severity.ERROR ? Impact.BREAKING : Impact.NON_BREAKING,
            path,
            name
                + " added"
                + (now.severity() == Severity.ERROR
                    ? " with severity error: runs that published before may now stop"
                    : " (warn)"));
        continue;
      }
      if (old.expectation() != now.expectation() || !Objects.equals(old.column(), now.column())) {
        add(Impact.BREAKING, path, name + " now checks something else");
        continue;
      }
      if (now.threshold() > old.threshold()) {
        add(
            Impact.BREAKING,
            path + ".threshold",
            name + " tightened: threshold " + old.threshold() + " → " + now.threshold());
      } else if (now.threshold() < old.threshold()) {
        add(
            Impact.NON_BREAKING,
            path + ".threshold",
            name + " loosened: threshold " + old.threshold() + " → " + now.threshold());
      }
      if (old.severity() == Severity.WARN && now.severity() == Severity.ERROR) {
        add(Impact.BREAKING, path + ".severity", name + " tightened: severity warn → error");
      } else if (old.severity() == Severity.ERROR && now.severity() == Severity.WARN) {
        add(Impact.NON_BREAKING, path + ".severity", name + " loosened: severity error → warn");
      }
      bounds(old, now, path, name);
      if (!old.valueSet().equals(now.valueSet())) {
        Set<String> oldSet = new HashSet<>(old.valueSet());
        Set<String> newSet = new HashSet<>(now.valueSet());
        boolean narrowed = oldSet.containsAll(newSet) && !newSet.containsAll(oldSet);
        boolean widened = newSet.containsAll(oldSet) && !oldSet.containsAll(newSet);
        boolean allowList = now.expectation() == Expectation.EXPECT_COLUMN_VALUES_TO_BE_IN_SET;
        if (narrowed && allowList || widened && !allowList) {
          add(
              Impact.BREAKING,
              path + ".value_set",
              name + " enum narrowed: " + old.valueSet() + " → " + now.valueSet());
        } else if (widened || narrowed) {
          add(
              Impact.NON_BREAKING,
              path + ".value_set",
              name + " enum widened: " + old.valueSet() + " → " + now.valueSet());
        } else {
          add(
              Impact.BREAKING,
              path + ".value_set",
              name + " value set changed: " + old.valueSet() + " → " + now.valueSet());
        }
      }
      if (!Objects.equals(old.regex(), now.regex())) {
        add(
            Impact.UNKNOWN,
            path + ".regex",
            name + " pattern changed from /" + old.regex() + "/ to /" + now.regex() + "/");
      }
    }
  }

  /** A raised minimum or lowered maximum tightens a check; the reverse loosens it. */
  private void bounds(QualityCheck old, QualityCheck now, String path, String name) {
    int min = compare(now.minValue(), old.minValue(), true);
    int max = compare(old.maxValue(), now.maxValue(), false);
    if (min > 0 || max > 0) {
      add(Impact.BREAKING, path, name + " tightened: bounds " + range(old) + " → " + range(now));
    } else if (min < 0 || max < 0) {
      add(Impact.NON_BREAKING, path, name + " loosened: bounds " + range(old) + " → " + range(now));
    }
  }

  /** > 0 when {@code a} is stricter than {@code b} (for the given side), < 0 when looser. */
  /** The contract's own {@code spec.source}; null for none or a declared one. */
  private static io.meshflow.contracts.model.SourceSpec ownSource(
      io.meshflow.contracts.model.DataProductContract c) {
    return c.source() == null || c.source().dataset() != null ? null : c.source();
  }

  private static int compare(String a, String b, boolean lower) {
    if (Objects.equals(a, b)) return 0;
    if (a == null) return lower ? -1 : 1;
    if (b == null) return lower ? 1 : -1;
    try {
      return new BigDecimal(a).compareTo(new BigDecimal(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  private static String range(QualityCheck c) {
    return "["
        + (c.minValue() == null ? "-∞" : c.minValue())
        + ", "
        + (c.maxValue() == null ? "+∞" : c.maxValue())
        + "]";
  }

  private void promises(DataProductContract a, DataProductContract b) {
    long oldFresh =
        a.sla() == null || a.sla().freshness() == null
            ? Long.MAX_VALUE
            : a.sla().freshness().getSeconds();
    long newFresh =
        b.sla() == null || b.sla().freshness() == null
            ? Long.MAX_VALUE
            : b.sla().freshness().getSeconds();
    if (newFresh > oldFresh) {
      add(
          Impact.BREAKING,
          "spec.sla.freshness",
          "freshness SLA loosened from "
              + ContractValues.durationText(a.sla().freshness())
              + " to "
              + (newFresh == Long.MAX_VALUE
                  ? "none"
                  : ContractValues.durationText(b.sla().freshness())));
    } else if (newFresh < oldFresh) {
      add(Impact.NON_BREAKING, "spec.sla.freshness", "freshness SLA tightened");
    }
    double oldAvail = a.sla() == null ? 0 : a.sla().availabilityPercent();
    double newAvail = b.sla() == null ? 0 : b.sla().availabilityPercent();
    if (newAvail < oldAvail) {
      add(
          Impact.BREAKING,
          "spec.sla.availability",
          "availability SLA lowered from " + oldAvail + "% to " + newAvail + "%");
    } else if (newAvail > oldAvail) {
      add(Impact.NON_BREAKING, "spec.sla.availability", "availability SLA raised");
    }
    for (String role : a.access().roles()) {
      if (!b.access().roles().contains(role)) {
        add(
            Impact.BREAKING,
            "spec.access.roles",
            "role '" + role + "' can no longer read the product");
      }
    }
    for (String role : b.access().roles()) {
      if (!a.access().roles().contains(role))
        add(Impact.NON_BREAKING, "spec.access.roles", "role '" + role + "' added");
    }
    for (String policy : a.access().policies()) {
      if (!b.access().policies().contains(policy)) {
        add(Impact.BREAKING, "spec.access.policies", "policy '" + policy + "' removed");
      }
    }
    for (String policy : b.access().policies()) {
      if (!a.access().policies().contains(policy)) {
        add(Impact.NON_BREAKING, "spec.access.policies", "policy '" + policy + "' added");
      }
    }
  }

  private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
    return items.stream()
        .collect(
            Collectors.toMap(key, Function.identity(), (x, y) -> x, java.util.LinkedHashMap::new));
  }
}
