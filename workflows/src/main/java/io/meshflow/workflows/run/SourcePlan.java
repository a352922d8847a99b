package io.meshflow.workflows.run;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.contracts.model.SourceColumn;
import io.meshflow.contracts.model.SourceType;
import java.util.List;

/**
 * Where the extract step reads from.
 *
 * @param path absolute path of the source file on the domain worker's machine ({@code null} for a
 *     database table)
 * @param columns the typed columns a source declaration gives the source (empty: undeclared, and
 *     {@code null} in runs planned before plans carried them)
 * @param dataset the dataset a declared source table is in lineage (e.g. {@code raw.kafka} / {@code
 *     order_events}); {@code null} for the contract's own {@code spec.source}, which lineage names
 *     by its file
 * @param jdbc how to read a database table ({@code type} postgres), its password only as a {@code
 *     ${env:NAME}} reference; else {@code null}
 * @param kafka the topic to read ({@code type} kafka), its bootstrap servers filled in when the
 *     plan is made; else {@code null}
 */
public record SourcePlan(
    SourceType type,
    String path,
    char delimiter,
    List<SourceColumn> columns,
    Dataset dataset,
    JdbcSource jdbc,
    KafkaTopic kafka) {
  public SourcePlan {
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  /** The same source, a topic read from {@code servers} when its declaration names none. */
  public SourcePlan withKafkaServers(String servers) {
    if (kafka == null || servers == null) return this;
    return new SourcePlan(
        type, path, delimiter, columns, dataset, jdbc, kafka.withDefaultServers(servers));
  }

  /** An undeclared file: CSV columns as text, a JSONL document as one {@code doc} column. */
  public SourcePlan(SourceType type, String path, char delimiter) {
    this(type, path, delimiter, List.of(), null, null, null);
  }
}
