package io.meshflow.workers.activities;

import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.parse.Utf8Text;
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
import java.util.List;
import java.util.Locale;
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

  /** Extracts sources from inside their run's mesh folder only. */
  public ExtractActivitiesImpl(Warehouse warehouse) {
    this(warehouse, SourceRoots.meshOnly());
  }

  /** Extracts sources from inside their run's mesh folder or {@code roots}. */
  public ExtractActivitiesImpl(Warehouse warehouse, SourceRoots roots) {
    this.warehouse = warehouse;
    this.roots = roots;
  }

  @Override
  public ExtractResult extract(ExtractRequest request) {
    SourcePlan source = request.source();
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
    String columns;
    String copy;
    if (source.type() == SourceType.CSV) {
      List<SqlIdentifier> header = csvHeader(file, source.delimiter(), request);
      columns = header.stream().map(c -> c.quoted() + " text").collect(Collectors.joining(", "));
      copy =
          "COPY "
              + table
              + " FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER "
              + literal(source.delimiter())
              + ")";
    } else {
      columns = "\"doc\" jsonb";
      // one JSON document per line: quote and delimiter are bytes that never occur in JSON text
      copy =
          "COPY "
              + table
              + " (\"doc\") FROM STDIN WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')";
    }
    warehouse.prepareStaging();
    Warehouse.Timed<Long> timed =
        warehouse.timedTransaction(
            "extracting " + file.getFileName() + " for " + request.product(),
            h -> {
              h.execute("DROP TABLE IF EXISTS " + table);
              h.execute("CREATE UNLOGGED TABLE " + table + " (" + columns + ")");
              try (InputStream in = Files.newInputStream(file)) {
                return h.getConnection()
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(copy, in, COPY_BUFFER);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    return new ExtractResult(table, timed.value(), timed.millis());
  }

  /** Reads the header row; every column name must be a valid identifier, once. */
  private static List<SqlIdentifier> csvHeader(Path file, char delimiter, ExtractRequest request) {
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
      String name = raw.strip().toLowerCase(Locale.ROOT);
      if (!SqlIdentifier.isValid(name)) {
        throw SqlFailures.contractViolation(
            "source file "
                + file
                + ": header column "
                + position
                + " is not a valid column name"
                + " (letters, digits and '_', starting with a letter)");
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
