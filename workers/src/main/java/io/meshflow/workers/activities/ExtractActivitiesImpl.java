package io.meshflow.workers.activities;

import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.model.SourceSpec;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.parse.Utf8Text;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workers.sql.SqlFailures;
import io.meshflow.workers.sql.StagingTables;
import io.meshflow.workers.sql.Warehouse;
import io.meshflow.workflows.activities.ExtractActivities;
import io.meshflow.workflows.activities.ExtractRequest;
import io.meshflow.workflows.activities.ExtractResult;
import io.meshflow.workflows.run.SourcePlan;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * Loads a source file into the run's staging table with {@code COPY ... FROM STDIN}, streamed from
 * disk: the file is never held in memory. The table is dropped and rebuilt in the same transaction,
 * so a retry never duplicates rows.
 */
public class ExtractActivitiesImpl implements ExtractActivities {
  private static final int COPY_BUFFER = 1 << 20;

  private final Warehouse warehouse;
  private final SourceRoots roots;
  private final java.util.function.Function<String, String> environment;

  /** Extracts sources from inside their run's mesh folder only. */
  public ExtractActivitiesImpl(Warehouse warehouse) {
    this(warehouse, SourceRoots.meshOnly());
  }

  /** Extracts sources from inside their run's mesh folder or {@code roots}. */
  public ExtractActivitiesImpl(Warehouse warehouse, SourceRoots roots) {
    this(warehouse, roots, System.getenv()::get);
  }

  /**
   * Extracts sources from inside their run's mesh folder or {@code roots}; a source declaration's
   * {@code ${env:NAME}} is read from {@code environment}.
   */
  public ExtractActivitiesImpl(
      Warehouse warehouse,
      SourceRoots roots,
      java.util.function.Function<String, String> environment) {
    this.warehouse = warehouse;
    this.roots = roots;
    this.environment = environment;
  }

  @Override
  public ExtractResult extract(ExtractRequest request) {
    SourcePlan source = request.source();
    if (source.kafka() != null) {
      return new KafkaExtract(warehouse, kafkaTimeout())
          .extract(request.runId(), request.product(), source, request.fullRefresh());
    }
    if (source.jdbc() != null) {
      return new DatabaseExtract(warehouse, environment)
          .extract(request.runId(), request.product(), source, request.fullRefresh());
    }
    Path file = Path.of(source.path());
    if (request.meshRoot() != null) {
      roots
          .refusal(Path.of(request.meshRoot()), file)
          .ifPresent(
              reason -> {
                throw ApplicationFailure.newNonRetryableFailure(
                    "source file of " + request.product() + " " + reason, "SourceRefused");
              });
    }
    if (!Files.isRegularFile(file)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "source file of " + request.product() + " not found: " + file, "SourceNotFound");
    }
    StagingTables staging = warehouse.staging(request.runId());
    String table = staging.qualifiedSource();
    String ingested = SqlIdentifier.of(SourceSpec.INGESTION_TS).quoted();
    // every staged row carries the time the extract read it
    String ingestedColumn = ingested + " timestamptz NOT NULL DEFAULT now()";
    Map<SqlIdentifier, FieldType> declared = new LinkedHashMap<>();
    source.columns().forEach(c -> declared.put(c.name(), c.type()));
    // a source's own names for declared columns ("Order ID"), mapped to their identifiers
    Map<String, SqlIdentifier> renamed = new java.util.HashMap<>();
    source.columns().stream()
        .filter(c -> c.from() != null)
        .forEach(c -> renamed.put(c.from(), c.name()));
    List<String> statements = new ArrayList<>();
    String copy;
    statements.add("DROP TABLE IF EXISTS " + table);
    if (source.type() == SourceType.CSV) {
      List<SqlIdentifier> header = csvHeader(file, source.delimiter(), renamed);
      for (SqlIdentifier column : declared.keySet()) {
        if (!header.contains(column)) {
          throw SqlFailures.contractViolation(
              "source file "
                  + file
                  + " has no column '"
                  + column
                  + "' in its header, which its source declaration lists");
        }
      }
      String columns =
          header.stream()
              .map(
                  c ->
                      c.quoted()
                          + " "
                          + (declared.containsKey(c)
                              ? ProductTableDdl.sqlType(declared.get(c))
                              : "text"))
              .collect(Collectors.joining(", "));
      statements.add(
          "CREATE UNLOGGED TABLE " + table + " (" + columns + ", " + ingestedColumn + ")");
      copy =
          "COPY "
              + table
              + " ("
              + header.stream().map(SqlIdentifier::quoted).collect(Collectors.joining(", "))
              + ") FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER "
              + literal(source.delimiter())
              + ")";
    } else if (declared.isEmpty()) {
      statements.add("CREATE UNLOGGED TABLE " + table + " (\"doc\" jsonb, " + ingestedColumn + ")");
      copy = "COPY " + table + " (\"doc\") FROM STDIN WITH " + JSON_LINES;
    } else {
      // documents are loaded as they are, then flattened into the declared columns
      String raw = staging.qualified(staging.raw());
      statements.add("DROP TABLE IF EXISTS " + raw);
      statements.add("CREATE UNLOGGED TABLE " + raw + " (\"doc\" jsonb)");
      copy = "COPY " + raw + " (\"doc\") FROM STDIN WITH " + JSON_LINES;
    }
    warehouse.prepareStaging();
    Warehouse.Timed<long[]> timed =
        warehouse.timedTransaction(
            "extracting " + file.getFileName() + " for " + request.product(),
            h -> {
              statements.forEach(h::execute);
              long rows;
              try (InputStream in = Files.newInputStream(file)) {
                rows =
                    h.getConnection()
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn(copy, in, COPY_BUFFER);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              if (source.type() == SourceType.JSONL) {
                // a blank line is no document (COPY reads it as a NULL one)
                rows -=
                    h.execute(
                        "DELETE FROM "
                            + (declared.isEmpty() ? table : staging.qualified(staging.raw()))
                            + " WHERE \"doc\" IS NULL");
                if (!declared.isEmpty()) flatten(h, staging, source.columns(), ingested);
              }
              return new long[] {rows, Warehouse.transactionTimeMillis(h)};
            });
    long rows = timed.value()[0];
    // every row is stamped with the extract's time
    return new ExtractResult(table, rows, timed.millis(), null, rows > 0 ? timed.value()[1] : null);
  }

  /**
   * How long a Kafka cluster may stay silent ({@code MESHFLOW_KAFKA_TIMEOUT_MS} where the worker
   * runs; 30 s by default) before the extract counts it unreachable and is retried.
   */
  private java.time.Duration kafkaTimeout() {
    String millis = environment.apply(KafkaExtract.TIMEOUT_VARIABLE);
    try {
      return java.time.Duration.ofMillis(millis == null ? 30_000 : Long.parseLong(millis.strip()));
    } catch (NumberFormatException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          KafkaExtract.TIMEOUT_VARIABLE + " must be a number of milliseconds",
          "WorkerMisconfigured");
    }
  }

  /** One JSON document per line: quote and delimiter are bytes that never occur in JSON text. */
  private static final String JSON_LINES = "(FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')";

  /**
   * Builds the source table from the loaded documents: each declared column is the document's key
   * of that name, converted to the column's type by PostgreSQL ({@code jsonb_to_record}).
   */
  private static void flatten(
      org.jdbi.v3.core.Handle h,
      StagingTables staging,
      List<io.meshflow.contracts.model.SourceColumn> declared,
      String ingested) {
    String raw = staging.qualified(staging.raw());
    // the record's fields are the documents' keys, quoted; each is staged under its identifier
    String record =
        declared.stream()
            .map(c -> c.quotedSourceName() + " " + ProductTableDdl.sqlType(c.type()))
            .collect(Collectors.joining(", "));
    String columns =
        declared.stream()
            .map(c -> "r." + c.quotedSourceName() + " AS " + c.name().quoted())
            .collect(Collectors.joining(", "));
    h.execute(
        "CREATE UNLOGGED TABLE "
            + staging.qualifiedSource()
            + " AS SELECT "
            + columns
            + ", now() AS "
            + ingested
            + " FROM "
            + raw
            + " AS d CROSS JOIN LATERAL jsonb_to_record(d.\"doc\") AS r("
            + record
            + ")");
    h.execute("DROP TABLE " + raw);
  }

  /**
   * Reads the header row; every column name must be a valid identifier, once — or a name the source
   * declaration maps to one ({@code from: "Order ID"}).
   */
  private static List<SqlIdentifier> csvHeader(
      Path file, char delimiter, Map<String, SqlIdentifier> renamed) {
    String line;
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
      line = firstLine(in);
    } catch (Utf8Text.MalformedException e) {
      throw SqlFailures.contractViolation("source file " + file + " " + e.getMessage());
    } catch (NoSuchFileException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "source file not found: " + file, "SourceNotFound");
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot read " + file + ": " + e.getMessage(), "SourceUnreadable");
    }
    if (line == null || line.isBlank()) {
      throw SqlFailures.contractViolation(
          "source file " + file + " is empty: a CSV source needs a header row");
    }
    if (line.startsWith("\uFEFF")) line = line.substring(1);
    List<SqlIdentifier> columns = new ArrayList<>();
    HashSet<String> seen = new HashSet<>();
    // messages name columns by position: they never echo what the file holds
    int position = 0;
    for (String raw : splitCsvLine(line, delimiter)) {
      position++;
      SqlIdentifier mapped = renamed.get(raw.strip());
      String name = mapped != null ? mapped.value() : raw.strip().toLowerCase(Locale.ROOT);
      if (!SqlIdentifier.isValid(name)) {
        throw SqlFailures.contractViolation(
            "source file "
                + file
                + ": header column "
                + position
                + " is not a valid column name"
                + " (letters, digits and '_', starting with a letter; a source declaration may map"
                + " it to one with from:)");
      }
      if (name.equals(SourceSpec.INGESTION_TS)) {
        throw SqlFailures.contractViolation(
            "source file "
                + file
                + ": header column "
                + position
                + " is named "
                + SourceSpec.INGESTION_TS
                + ", the column Meshflow adds to every staged row");
      }
      if (!seen.add(name)) {
        throw SqlFailures.contractViolation(
            "source file " + file + ": header column " + position + " repeats an earlier name");
      }
      columns.add(SqlIdentifier.of(name));
    }
    return columns;
  }

  /** The first line of {@code in} (at most 1 MiB of it), decoded strictly as UTF-8. */
  private static String firstLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n' && bytes.size() < (1 << 20)) bytes.write(b);
    if (b < 0 && bytes.size() == 0) return null;
    String line = Utf8Text.decode(bytes.toByteArray());
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** Splits one CSV line, honouring double quotes. */
  static List<String> splitCsvLine(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }

  private static String literal(char c) {
    return c == '\'' ? "''''" : "'" + c + "'";
  }
}
