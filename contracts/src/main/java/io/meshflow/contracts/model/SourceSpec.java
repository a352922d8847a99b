package io.meshflow.contracts.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A product's raw input.
 *
 * @param path the file, resolved against the folder of the file that names it
 * @param delimiter the CSV field delimiter (default {@code ,})
 * @param columns the columns a source declaration types: a CSV's header must hold them, a JSONL
 *     document's keys are flattened into them; empty when undeclared (CSV columns stay text, a
 *     JSONL document stays one {@code doc jsonb} column)
 * @param dataset the dataset a declared source table is in lineage ({@code null} for {@code
 *     spec.source}, which lineage names by its file)
 * @param jdbc how to read a database table ({@link SourceType#POSTGRES}), else {@code null}
 * @param kafka the topic to read ({@link SourceType#KAFKA}), else {@code null}
 */
public record SourceSpec(
    SourceType type,
    Path path,
    char delimiter,
    List<SourceColumn> columns,
    Dataset dataset,
    JdbcSource jdbc,
    KafkaTopic kafka) {
  /** The column every staged source row carries: when the extract read it. */
  public static final String INGESTION_TS = "_ingestion_ts";

  /**
   * The columns every record staged from a Kafka topic carries besides {@link #INGESTION_TS} (its
   * timestamp): its key as text, its value as {@code jsonb}, its topic, partition and offset.
   */
  public static final List<String> KAFKA_COLUMNS =
      List.of("_key", "_value", "_topic", "_partition", "_offset");

  public SourceSpec {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** An undeclared file source ({@code spec.source}). */
  public SourceSpec(SourceType type, Path path, char delimiter) {
    this(type, path, delimiter, List.of(), null, null, null);
  }
}
