package io.meshflow.orchestrator.scaffold;

import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.SqlIdentifier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a sample says about the product it could become: each column's type and nullability, the
 * candidate keys, likely personal data, and the checks its values suggest. Everything inferred from
 * a sample is a suggestion: the notes say what to confirm.
 */
public final class SchemaInference {
  /** Fewer rows than this say too little about types, keys and ranges. */
  public static final int MIN_ROWS = 5;

  /** Text columns with at most this many distinct values get an in-set check. */
  static final int MAX_SET = 10;

  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d{19,})");
  private static final Pattern DOUBLE =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)[eE][-+]?\\d+|NaN|[-+]?Infinity");
  private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?"
              + "\\s*(Z|z|[+-]\\d{2}(:?\\d{2})?|UTC)?");
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
  private static final Pattern PERSONAL_NAME =
      Pattern.compile(
          "(^|_)(e_?mail|phone|mobile|ssn|passport|birth_?date|date_of_birth|iban|address|"
              + "first_name|last_name|full_name|ip_address)($|_)");

  /** The kinds a single value can look like; a column's type is the narrowest covering all. */
  enum Kind {
    INTEGER,
    DECIMAL,
    DOUBLE,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    /** Digits with a leading zero: a code (a zip code, an account number), not a number. */
    CODE,
    TEXT
  }

  /**
   * One column as inferred.
   *
   * @param name the field name (the source's name, mapped to an identifier when it is not one)
   * @param sourceName the name in the file
   * @param values the distinct values, sorted, of a low-cardinality text column (else empty)
   * @param min the smallest value seen (numbers, dates, timestamps), else null
   * @param max the largest value seen, else null
   * @param pii whether it looks like personal data (e-mail addresses, or a name that says so)
   * @param notes what the user should know or confirm
   */
  public record Field(
      String name,
      String sourceName,
      FieldType type,
      boolean nullable,
      boolean unique,
      List<String> values,
      String min,
      String max,
      boolean pii,
      List<String> notes) {}

  /**
   * A whole sample as inferred.
   *
   * @param key the suggested primary key column, or null when no column is unique and non-null
   * @param keyCandidates every column that could be the key (unique and non-null in the sample)
   * @param freshnessColumn the timestamp column a freshness check should watch, or null
   */
  public record Result(
      List<Field> fields,
      String key,
      List<String> keyCandidates,
      String freshnessColumn,
      int rows) {}

  private SchemaInference() {}

  /** Infers {@code sample}'s schema; refuses one too small or whose names cannot be fields. */
  public static Result infer(Sample sample, String origin) {
    List<String> names = fieldNames(sample, origin);
    if (sample.rows().size() < MIN_ROWS) {
      throw new ScaffoldException(
          origin
              + ": only "
              + sample.rows().size()
              + (sample.rows().size() == 1 ? " row" : " rows")
              + " of data; at least "
              + MIN_ROWS
              + " are needed to infer types, keys and checks");
    }
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      fields.add(column(sample, i, names.get(i)));
    }
    // a number is a key when its name says so; counts and amounts are unique by chance
    List<String> candidates = new ArrayList<>();
    for (Field f : fields) {
      if (f.unique()
          && !f.nullable()
          && !f.pii()
          && (f.type() == FieldType.STRING || f.type() == FieldType.LONG && namesAKey(f.name()))) {
        candidates.add(f.name());
      }
    }
    String key =
        candidates.stream()
            .filter(SchemaInference::namesAKey)
            .findFirst()
            .orElse(candidates.isEmpty() ? null : candidates.get(0));
    String freshness = null;
    String newest = null;
    for (Field f : fields) {
      if (f.type() == FieldType.TIMESTAMP
          && f.max() != null
          && (newest == null || f.max().compareTo(newest) > 0)) {
        freshness = f.name();
        newest = f.max();
      }
    }
    return new Result(
        List.copyOf(fields), key, List.copyOf(candidates), freshness, sample.rows().size());
  }

  private static boolean namesAKey(String name) {
    return name.equals("id") || name.endsWith("_id") || name.endsWith("_key");
  }

  /**
   * The field names for the sample's columns. CSV headers must already be identifiers (the extract
   * stages columns under their header names); JSON keys are mapped, since the model names them.
   */
  static List<String> fieldNames(Sample sample, String origin) {
    List<String> columns = sample.columns();
    boolean csv = sample.format().equals("csv");
    if (csv) {
      List<String> dataLike =
          columns.stream().filter(c -> c != null && kind(c.trim()) != Kind.TEXT).toList();
      if (!dataLike.isEmpty() && dataLike.size() * 2 >= columns.size()) {
        throw new ScaffoldException(
            origin
                + ":1: the first line looks like data, not a header ("
                + String.join(", ", dataLike.stream().map(v -> "'" + v + "'").toList())
                + "): add a first line naming the columns");
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String original = columns.get(i) == null ? "" : columns.get(i);
      // the extract reads a header name in lower case, as PostgreSQL folds unquoted names
      String folded = original.strip().toLowerCase(Locale.ROOT);
      String name = csv && SqlIdentifier.isValid(folded) ? folded : identifier(original, i);
      if (csv && original.isBlank()) {
        problems.add("column " + (i + 1) + " has no name (say " + name + ")");
      } else if (csv && !folded.equals(name)) {
        problems.add("'" + original + "' is not an identifier: name it " + name);
      }
      Integer before = seen.putIfAbsent(name, i);
      if (before != null) {
        problems.add(
            "columns "
                + (before + 1)
                + " and "
                + (i + 1)
                + " are both named "
                + name
                + " (say "
                + name
                + "_"
                + (i + 1)
                + ")");
      }
      names.add(name);
    }
    if (!problems.isEmpty()) {
      throw new ScaffoldException(
          origin
              + (csv ? ":1: the header" : ": the documents' keys")
              + " cannot be field names (lower-case letters, digits and _, not starting with a"
              + " digit):\n  "
              + String.join("\n  ", problems));
    }
    return names;
  }

  /** {@code name} as an identifier: lower case, runs of other characters as one {@code _}. */
  static String identifier(String name, int position) {
    String id =
        name.trim()
            .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9_]+", "_")
            .replaceAll("_+", "_")
            .replaceAll("^_|_$", "");
    if (id.isEmpty()) id = "column_" + (position + 1);
    if (Character.isDigit(id.charAt(0))) id = "c_" + id;
    if (id.length() > 63) id = id.substring(0, 63);
    return SqlIdentifier.PATTERN.matcher(id).matches() ? id : "column_" + (position + 1);
  }

  private static Field column(Sample sample, int index, String name) {
    String sourceName = sample.columns().get(index);
    Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
    Map<Kind, String> examples = new EnumMap<>(Kind.class);
    Set<String> distinct = new HashSet<>();
    int nulls = 0;
    int emails = 0;
    for (String[] row : sample.rows()) {
      String v = row[index];
      if (v == null) {
        nulls++;
        continue;
      }
      Kind k = kind(v);
      kinds.merge(k, 1, Integer::sum);
      examples.putIfAbsent(k, v);
      distinct.add(v);
      if (EMAIL.matcher(v.trim()).matches()) emails++;
    }
    int present = sample.rows().size() - nulls;
    List<String> notes = new ArrayList<>();
    if (!name.equals(sourceName)) notes.add("from the key '" + sourceName + "'");
    FieldType type = type(kinds, examples, notes);
    if (present == 0) notes.add("no value in the sample: typed string");
    if (sample.nested().contains(sourceName)) {
      notes.add("holds JSON objects or arrays: typed string (their JSON text)");
    }
    boolean email = present > 0 && emails == present;
    boolean pii = email || PERSONAL_NAME.matcher(name).find();
    if (email) notes.add("looks like e-mail addresses: pii, masked by hash (confirm)");
    else if (pii) notes.add("its name suggests personal data: pii, masked by hash (confirm)");
    boolean unique = present > 0 && distinct.size() == present;
    List<String> values = List.of();
    if (type == FieldType.STRING
        && !pii
        && !unique
        && !distinct.isEmpty()
        && distinct.size() <= MAX_SET
        && present >= 3 * distinct.size()) {
      values = List.copyOf(new TreeSet<>(distinct));
    }
    String min = null;
    String max = null;
    if (type.isNumeric()) {
      BigDecimal lo = null;
      BigDecimal hi = null;
      for (String v : distinct) {
        if (!DECIMAL.matcher(v).matches() && !INTEGER.matcher(v).matches()) continue;
        BigDecimal d = new BigDecimal(v);
        if (lo == null || d.compareTo(lo) < 0) lo = d;
        if (hi == null || d.compareTo(hi) > 0) hi = d;
      }
      if (lo != null) {
        min = lo.toPlainString();
        max = hi.toPlainString();
      }
    } else if (type == FieldType.DATE || type == FieldType.TIMESTAMP) {
      TreeSet<String> sorted = new TreeSet<>(distinct);
      if (!sorted.isEmpty()) {
        min = sorted.first();
        max = sorted.last();
      }
    }
    return new Field(
        name, sourceName, type, nulls > 0, unique, values, min, max, pii, List.copyOf(notes));
  }

  /** The narrowest type covering every kind seen; mixed kinds fall back to string, said so. */
  private static FieldType type(
      Map<Kind, Integer> kinds, Map<Kind, String> examples, List<String> notes) {
    Set<Kind> seen = kinds.keySet();
    if (seen.isEmpty()) return FieldType.STRING;
    if (seen.size() == 1) {
      return switch (seen.iterator().next()) {
        case INTEGER -> FieldType.LONG;
        case DECIMAL -> FieldType.DECIMAL;
        case DOUBLE -> FieldType.DOUBLE;
        case BOOLEAN -> FieldType.BOOLEAN;
        case DATE -> FieldType.DATE;
        case TIMESTAMP -> FieldType.TIMESTAMP;
        case CODE, TEXT -> FieldType.STRING;
      };
    }
    if (Set.of(Kind.INTEGER, Kind.CODE).containsAll(seen)) {
      notes.add("digits with leading zeros (e.g. '" + examples.get(Kind.CODE) + "'): typed string");
      return FieldType.STRING;
    }
    Set<Kind> numbers = Set.of(Kind.INTEGER, Kind.DECIMAL, Kind.DOUBLE);
    if (numbers.containsAll(seen)) {
      return seen.contains(Kind.DOUBLE) ? FieldType.DOUBLE : FieldType.DECIMAL;
    }
    if (Set.of(Kind.DATE, Kind.TIMESTAMP).containsAll(seen)) return FieldType.TIMESTAMP;
    Map<Kind, Integer> ordered = new LinkedHashMap<>(kinds);
    List<String> parts = new ArrayList<>();
    ordered.forEach(
        (k, n) ->
            parts.add(
                n
                    + " "
                    + k.name().toLowerCase(Locale.ROOT)
                    + (n == 1 ? "" : "s")
                    + " (e.g. '"
                    + examples.get(k)
                    + "')"));
    notes.add("mixed values, " + String.join(", ", parts) + ": typed string");
    return FieldType.STRING;
  }

  /** What one value looks like. */
  static Kind kind(String value) {
    String v = value.trim();
    if (INTEGER.matcher(v).matches()) return v.matches("0\\d+") ? Kind.CODE : Kind.INTEGER;
    if (DECIMAL.matcher(v).matches()) return Kind.DECIMAL;
    if (DOUBLE.matcher(v).matches()) return Kind.DOUBLE;
    if (BOOLEAN.matcher(v).matches()) return Kind.BOOLEAN;
    if (DATE.matcher(v).matches()) return validDate(v) ? Kind.DATE : Kind.TEXT;
    var t = TIMESTAMP.matcher(v);
    if (t.matches()) return validDate(t.group(1)) ? Kind.TIMESTAMP : Kind.TEXT;
    return Kind.TEXT;
  }

  private static boolean validDate(String date) {
    try {
      LocalDate.parse(date);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
