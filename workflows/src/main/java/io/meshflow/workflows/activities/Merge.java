package io.meshflow.workflows.activities;

import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.SqlIdentifier;
import java.util.List;

/**
 * How the publish of an incremental product ({@code materialized='incremental'}) folds a run's rows
 * into the published table: rows whose key is published replace those rows, the others are added,
 * and the checks that judge the whole table run on the result before it commits.
 *
 * @param key the contract's primary key
 * @param checks the checks that judge the whole table (uniqueness, aggregates, row counts, queries)
 * @param evidenceRows failing rows to keep per failed check
 * @param runStartedAtMillis when the run started, for checks bounded by {@code run_started_at}
 * @param rebuild the run's rows replace the table instead ({@code publish --full-refresh})
 */
public record Merge(
    List<SqlIdentifier> key,
    List<QualityCheck> checks,
    int evidenceRows,
    long runStartedAtMillis,
    boolean rebuild) {
  public Merge {
    key = List.copyOf(key);
    checks = List.copyOf(checks);
  }
}
