package io.meshflow.workflows.run;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.SqlIdentifier;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a publish run needs to know about its product, taken from the validated contract once,
 * at the edge. Small by design: it names data (files, tables), it never carries it.
 *
 * @param source the raw input, or {@code null} when the model only reads other products
 * @param modelSql the SQL model with its {@code source()}/{@code ref()} placeholders
 * @param evidenceRows example failing rows kept per failed check
 * @param partitionColumn the time column a partitioned product's table is partitioned by, else null
 * @param meshRoot the folder of the mesh the contract was read from, where upstream triggers look
 *     for the products that follow this one; {@code null} only in runs planned before plans named
 *     it (the platform's configured mesh serves those)
 * @param followers the products of that mesh with {@code trigger: on-upstream} that read this one
 *     when the plan was made ({@code null} only in runs planned before plans listed them); a run
 *     whose plan knows it has none does not ask for downstream runs
 * @param maskAtTransform mask PII while transforming (one pass over the data) rather than at
 *     publish (a second pass); possible when no check reads a masked column's raw values
 * @param contractFile the contract's file, relative to {@code meshRoot}, where the run's plan is
 *     verified against the registered version of the contract ({@code null} only in runs planned
 *     before plans named it)
 * @param allowEmpty an empty result may replace published rows ({@code spec.publish.allow_empty},
 *     or a row-count check that accepts zero rows)
 * @param maxShrinkPercent the largest share of the published rows a run may take away, or null
 * @param heartbeatMillis the heartbeat timeout of the data steps; 0 for the default
 * @param exactSchema the model must return exactly the fields ({@code spec.schema.enforced: exact})
 * @param externalInputs the datasets outside the mesh the contract declares upstream ({@code
 *     lineage.upstream: [raw.kafka.order_events]}), inputs of the run's lineage beside its source
 * @param eventTimeColumn the field of each row's event time ({@code sla.freshness_column}, else the
 *     partition column), whose newest published value each publish records; or {@code null}
 */
public record PublishPlan(
    ProductId product,
    String version,
    SourcePlan source,
    String modelSql,
    List<FieldSpec> fields,
    List<QualityCheck> checks,
    int evidenceRows,
    boolean maskAtTransform,
    SqlIdentifier partitionColumn,
    String meshRoot,
    List<ProductId> followers,
    String contractFile,
    boolean allowEmpty,
    Double maxShrinkPercent,
    long heartbeatMillis,
    boolean exactSchema,
    List<Dataset> externalInputs,
    SqlIdentifier eventTimeColumn) {

  public PublishPlan {
    externalInputs = externalInputs == null ? List.of() : List.copyOf(externalInputs);
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
    followers = followers == null ? null : List.copyOf(followers);
  }

  /** A plan whose model must return exactly the fields and that names no event-time column. */
  public PublishPlan(
      ProductId product,
      String version,
      SourcePlan source,
      String modelSql,
      List<FieldSpec> fields,
      List<QualityCheck> checks,
      int evidenceRows,
      boolean maskAtTransform,
      SqlIdentifier partitionColumn,
      String meshRoot,
      List<ProductId> followers,
      String contractFile,
      boolean allowEmpty,
      Double maxShrinkPercent,
      long heartbeatMillis) {
    this(
        product,
        version,
        source,
        modelSql,
        fields,
        checks,
        evidenceRows,
        maskAtTransform,
        partitionColumn,
        meshRoot,
        followers,
        contractFile,
        allowEmpty,
        maxShrinkPercent,
        heartbeatMillis,
        true,
        List.of(),
        null);
  }

  /** The plan of a contract of {@code mesh}. */
  public static PublishPlan of(DataProductContract contract, Mesh mesh) {
    List<ProductId> followers =
        mesh.followers(contract.id()).stream().map(DataProductContract::id).toList();
    return of(contract, mesh.root(), followers);
  }

  /** The plan of a contract read from the mesh folder {@code meshRoot}. */
  public static PublishPlan of(
      DataProductContract contract, Path meshRoot, List<ProductId> followers) {
    SourcePlan source =
        contract.source() == null
            ? null
            : new SourcePlan(
                contract.source().type(),
                contract.source().path() == null
                    ? null
                    : contract.source().path().toAbsolutePath().toString(),
                contract.source().delimiter(),
                contract.source().columns(),
                contract.source().dataset(),
                contract.source().jdbc(),
                contract.source().kafka());
    Path root = meshRoot.toAbsolutePath().normalize();
    return new PublishPlan(
        contract.id(),
        contract.version().toString(),
        source,
        contract.transform().sql(),
        contract.fields(),
        contract.checks(),
        contract.evidenceRows(),
        canMaskAtTransform(contract),
        contract.partitioning() == null ? null : contract.partitioning().column(),
        root.toString(),
        followers,
        root.relativize(contract.file().toAbsolutePath().normalize()).toString(),
        allowsEmpty(contract),
        contract.guards().maxShrinkPercent(),
        0,
        contract.exactSchema(),
        contract.lineage().external(),
        contract.eventTimeColumn());
  }

  /** This plan with data steps whose heartbeat timeout is {@code timeout}. */
  public PublishPlan withHeartbeatTimeout(java.time.Duration timeout) {
    return new PublishPlan(
        product,
        version,
        source,
        modelSql,
        fields,
        checks,
        evidenceRows,
        maskAtTransform,
        partitionColumn,
        meshRoot,
        followers,
        contractFile,
        allowEmpty,
        maxShrinkPercent,
        timeout.toMillis(),
        exactSchema,
        externalInputs,
        eventTimeColumn);
  }

  /**
   * The same plan, its Kafka source read from {@code servers} when the source's declaration names
   * no cluster of its own (the platform's {@code MESHFLOW_KAFKA_BOOTSTRAP_SERVERS}, or the embedded
   * broker).
   */
  public PublishPlan withKafkaServers(String servers) {
    if (source == null || source.kafka() == null) return this;
    return new PublishPlan(
        product,
        version,
        source.withKafkaServers(servers),
        modelSql,
        fields,
        checks,
        evidenceRows,
        maskAtTransform,
        partitionColumn,
        meshRoot,
        followers,
        contractFile,
        allowEmpty,
        maxShrinkPercent,
        heartbeatMillis,
        exactSchema,
        externalInputs,
        eventTimeColumn);
  }

  /** The contract says so, or one of its row-count checks accepts an empty table. */
  static boolean allowsEmpty(DataProductContract contract) {
    if (contract.guards().allowEmpty()) return true;
    return contract.checks().stream()
        .anyMatch(
            c ->
                switch (c.expectation()) {
                  case EXPECT_TABLE_ROW_COUNT_TO_BE_BETWEEN ->
                      c.minValue() == null || Double.parseDouble(c.minValue()) <= 0;
                  case EXPECT_TABLE_ROW_COUNT_TO_EQUAL ->
                      c.value() != null && Double.parseDouble(c.value()) == 0;
                  default -> false;
                });
  }

  /** No check may see a masked column: a sql check could read any column, so none of those. */
  static boolean canMaskAtTransform(DataProductContract contract) {
    java.util.Set<io.meshflow.contracts.model.SqlIdentifier> masked = new java.util.HashSet<>();
    contract.fields().stream().filter(f -> f.masking() != null).forEach(f -> masked.add(f.name()));
    return contract.checks().stream()
        .noneMatch(
            c ->
                c.expectation() == io.meshflow.contracts.model.Expectation.SQL
                    || masked.contains(c.column())
                    || c.columns().stream().anyMatch(masked::contains));
  }
}
