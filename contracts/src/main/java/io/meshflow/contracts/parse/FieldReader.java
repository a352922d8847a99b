package io.meshflow.contracts.parse;

import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.Masking;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.model.TypeVocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code spec.schema.fields}. */
final class FieldReader {
  private final Problems problems;
  private boolean exact;

  FieldReader(Problems problems) {
    this.problems = problems;
  }

  List<FieldSpec> fields(YamlMap spec) {
    YamlMap schema = spec.map("schema", true, Set.of("type", "enforced", "fields"));
    List<FieldSpec> fields = new ArrayList<>();
    if (schema == null) return fields;
    exact =
        "exact"
            .equals(
                schema.parsed(
                    "enforced",
                    false,
                    e -> {
                      if (!e.equals("exact") && !e.equals("subset")) {
                        throw new IllegalArgumentException(
                            "unknown enforcement '" + e + "' (expected subset or exact)");
                      }
                      return e;
                    }));
    // the names the field types are written in; a vocabulary that is not known reads none of them
    TypeVocabulary vocabulary =
        schema.has("type")
            ? schema.parsed("type", false, TypeVocabulary::fromContractName)
            : TypeVocabulary.MESHFLOW;
    List<YamlMap.Item> items = schema.list("fields", true);
    if (items.isEmpty()
        && schema.node("fields", false) instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
      problems.add(
          schema.pathOf("fields"),
          schema.node("fields", false),
          "a product needs at least one field");
    }
    Map<SqlIdentifier, Integer> seen = new HashMap<>();
    String zone = null;
    int zoneLine = 0;
    for (YamlMap.Item item : items) {
      YamlMap f =
          YamlMap.of(
              item.node(),
              item.path(),
              problems,
              Set.of("name", "type", "description", "constraints", "tags"));
      SqlIdentifier name = f.parsed("name", true, SqlIdentifier::of);
      FieldType type = vocabulary == null ? null : f.parsed("type", true, vocabulary::type);
      String description = f.string("description", false);
      List<String> tags = new ArrayList<>();
      for (String tag : f.strings("tags")) {
        if (!io.meshflow.contracts.access.AccessPolicyReader.TAG.matcher(tag).matches()) {
          problems.add(
              f.pathOf("tags"),
              f.node("tags", false),
              "'" + tag + "' is not a tag (lower-case words, e.g. email or customer-data)");
        } else if (!tags.contains(tag)) {
          tags.add(tag);
        }
      }
      YamlMap c =
          f.map("constraints", false, Set.of("primary_key", "null", "pii", "masking", "timezone"));
      boolean primaryKey = false;
      boolean nullable = true;
      boolean pii = false;
      Masking masking = null;
      String timezone = null;
      if (c != null) {
        timezone = c.parsed("timezone", false, FieldReader::timezone);
        if (timezone != null && type != null && type != FieldType.TIMESTAMP) {
          problems.add(
              c.pathOf("timezone"),
              c.node("timezone", false),
              "timezone applies to timestamp fields only, not to " + type.contractName());
          timezone = null;
        }
        if (timezone != null) {
          if (zone == null) {
            zone = timezone;
            zoneLine = c.node("timezone", false).getStartMark().getLine() + 1;
          } else if (!zone.equals(timezone)) {
            problems.add(
                c.pathOf("timezone"),
                c.node("timezone", false),
                "a product's timestamps are read in one time zone: '"
                    + timezone
                    + "' differs from '"
                    + zone
                    + "' (line "
                    + zoneLine
                    + ")");
          }
        }
        primaryKey = Boolean.TRUE.equals(c.bool("primary_key"));
        Boolean nullAllowed = c.bool("null");
        nullable = !primaryKey && !Boolean.FALSE.equals(nullAllowed);
        if (primaryKey && Boolean.TRUE.equals(nullAllowed)) {
          problems.add(
              c.pathOf("null"), c.node("null", false), "a primary key column cannot allow null");
        }
        pii = Boolean.TRUE.equals(c.bool("pii"));
        masking = c.parsed("masking", false, FieldReader::masking);
        if (masking == Masking.HASH && type != null && type != FieldType.STRING) {
          problems.add(
              c.pathOf("masking"),
              c.node("masking", false),
              "masking: hash publishes a hex digest, so the field's type must be string, not "
                  + type.contractName());
        }
        if (masking == Masking.REDACT && primaryKey) {
          problems.add(
              c.pathOf("masking"),
              c.node("masking", false),
              "a primary key cannot be redacted (it would be null)");
        }
      }
      if (name != null) {
        Integer first = seen.putIfAbsent(name, item.node().getStartMark().getLine() + 1);
        if (first != null) {
          problems.add(
              f.pathOf("name"),
              f.node("name", false),
              "duplicate field '" + name + "' (first defined at line " + first + ")");
        }
      }
      if (name != null && type != null) {
        fields.add(
            new FieldSpec(
                name, type, description, primaryKey, nullable, pii, masking, timezone, tags));
      }
    }
    return fields;
  }

  /**
   * Whether the model must return exactly the fields ({@code spec.schema.enforced: exact}) rather
   * than at least them; read by {@link #fields}.
   */
  boolean exact() {
    return exact;
  }

  /**
   * An IANA time zone name as both Java and PostgreSQL know it (e.g. {@code UTC}, {@code
   * Europe/Paris}); offsets such as {@code +02:00} are refused, since PostgreSQL reads POSIX
   * offsets with the opposite sign.
   */
  private static String timezone(String text) {
    if (!java.time.ZoneId.getAvailableZoneIds().contains(text)) {
      throw new IllegalArgumentException(
          "unknown time zone '" + text + "' (expected an IANA name such as UTC or Europe/Paris)");
    }
    return text;
  }

  private static Masking masking(String text) {
    for (Masking m : Masking.values()) {
      if (m.contractName().equals(text)) return m;
    }
    throw new IllegalArgumentException("unknown masking '" + text + "' (expected hash or redact)");
  }
}
