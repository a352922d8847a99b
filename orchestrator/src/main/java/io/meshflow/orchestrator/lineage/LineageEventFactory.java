package io.meshflow.orchestrator.lineage;

import io.meshflow.contracts.model.Dataset;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.JdbcSource;
import io.meshflow.contracts.model.KafkaTopic;
import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.sql.ColumnLineage;
import io.meshflow.workers.sql.ProductTableDdl;
import io.meshflow.workflows.activities.LineageRequest;
import io.meshflow.workflows.run.CheckOutcome;
import io.meshflow.workflows.run.PublishPlan;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Builds a run's OpenLineage events with openlineage-java, named as the OpenLineage naming
 * conventions say: the job {@code meshflow/<domain>.<product>}, PostgreSQL datasets in namespace
 * {@code postgres://host:port} named {@code database.schema.table}, source files in namespace
 * {@code file} named by their absolute path.
 */
public final class LineageEventFactory {
  public static final URI PRODUCER = URI.create("https://github.com/meshflow/meshflow/tree/0.1.0");
  public static final String JOB_NAMESPACE = "meshflow";

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final DatasetNaming naming;
  private final String datasetNamespace;

  public LineageEventFactory(DatasetNaming naming) {
    this.naming = naming;
    this.datasetNamespace = naming.namespace();
  }

  /**
   * The job of the workflow that started a run: a publish run's job is its product ({@code
   * publish/<product>/<partition>} → {@code <product>}); a backfill or a schedule is a job of its
   * own, named by its workflow id ({@code backfill/<product>}).
   */
  static String parentJob(String workflowId) {
    String[] parts = workflowId.split("/");
    return parts.length == 3 && parts[0].equals("publish") ? parts[1] : workflowId;
  }

  public RunEvent event(LineageRequest r) {
    return event(r, ProductContext.none());
  }

  public RunEvent event(LineageRequest r, ProductContext context) {
    PublishPlan plan = r.plan();
    ZonedDateTime time = Instant.ofEpochMilli(r.eventTimeMillis()).atZone(ZoneOffset.UTC);
    OpenLineage.RunFacetsBuilder runFacets =
        ol.newRunFacetsBuilder()
            .nominalTime(
                ol.newNominalTimeRunFacet(
                    Instant.ofEpochMilli(r.startedAtMillis()).atZone(ZoneOffset.UTC), null))
            .processing_engine(ol.newProcessingEngineRunFacet("0.1.0", "meshflow", "1.38.0"));
    if (r.range() != null) {
      runFacets.put(SourceRangeFacet.NAME, new SourceRangeFacet(PRODUCER, r.range()));
    }
    if (r.error() != null) {
      runFacets.errorMessage(ol.newErrorMessageRunFacet(r.error(), "SQL", null));
    }
    if (r.parentWorkflowId() != null && r.parentRunId() != null) {
      runFacets.parent(
          ol.newParentRunFacet(
              ol.newParentRunFacetRun(UUID.fromString(r.parentRunId())),
              ol.newParentRunFacetJob(JOB_NAMESPACE, parentJob(r.parentWorkflowId())),
              null));
    }
    OpenLineage.JobFacetsBuilder jobFacets =
        ol.newJobFacetsBuilder()
            .jobType(ol.newJobTypeJobFacet("BATCH", "MESHFLOW", "JOB"))
            .sql(ol.newSQLJobFacet(plan.modelSql(), "postgres"));
    if (context.owner() != null) {
      jobFacets.ownership(
          ol.newOwnershipJobFacet(List.of(ol.newOwnershipJobFacetOwners(context.owner(), "team"))));
    }
    if (context.description() != null) {
      jobFacets.documentation(ol.newDocumentationJobFacet(context.description(), null));
    }
    return ol.newRunEventBuilder()
        .eventType(RunEvent.EventType.valueOf(r.eventType()))
        .eventTime(time)
        .run(ol.newRun(UUID.fromString(r.runId()), runFacets.build()))
        .job(ol.newJob(JOB_NAMESPACE, plan.product().toString(), jobFacets.build()))
        .inputs(inputs(r, context))
        .outputs(List.of(output(r)))
        .build();
  }

  private List<OpenLineage.InputDataset> inputs(LineageRequest r, ProductContext context) {
    PublishPlan plan = r.plan();
    List<OpenLineage.InputDataset> inputs = new ArrayList<>();
    if (plan.source() != null) {
      String[] dataset = sourceDataset(plan);
      OpenLineage.InputDatasetBuilder source =
          ol.newInputDatasetBuilder().namespace(dataset[0]).name(dataset[1]);
      if (r.rowsIn() >= 0) {
        source.inputFacets(
            ol.newInputDatasetInputFacetsBuilder()
                .dataQualityMetrics(
                    ol.newDataQualityMetricsInputDatasetFacet(
                        r.rowsIn(),
                        null,
                        null,
                        null,
                        ol.newDataQualityMetricsInputDatasetFacetColumnMetrics()))
                .build());
      }
      inputs.add(source.build());
    }
    for (ProductId ref : ModelTemplate.refs(plan.modelSql())) {
      OpenLineage.InputDatasetBuilder input =
          ol.newInputDatasetBuilder().namespace(datasetNamespace).name(tableName(ref));
      List<String[]> schema = context.inputSchemas().get(ref);
      if (schema != null) {
        List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
        for (String[] f : schema)
          fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(f[0]).type(f[1]).build());
        input.facets(ol.newDatasetFacetsBuilder().schema(ol.newSchemaDatasetFacet(fields)).build());
      }
      inputs.add(input.build());
    }
    for (Dataset external : plan.externalInputs()) {
      boolean isSource = plan.source() != null && external.equals(plan.source().dataset());
      if (!isSource) {
        inputs.add(
            ol.newInputDatasetBuilder()
                .namespace(external.namespace())
                .name(external.name())
                .build());
      }
    }
    return inputs;
  }

  /**
   * The namespace and name of the run's source: a Kafka topic is {@code kafka://host:port} / the
   * topic; any other declared source table is the dataset its declaration names (e.g. {@code
   * postgres://db:5432} / {@code shop.public.orders}); a contract's own file is {@code file} / its
   * path.
   */
  private String[] sourceDataset(PublishPlan plan) {
    KafkaTopic kafka = plan.source().kafka();
    if (kafka != null && kafka.lineageNamespace() != null) {
      // OpenLineage's naming of a topic: kafka://{first bootstrap server} and the topic's name
      return new String[] {kafka.lineageNamespace(), kafka.topic()};
    }
    Dataset dataset = plan.source().dataset();
    if (dataset == null) return new String[] {"file", plan.source().path()};
    // a database on the mesh's own server is named by the server's address, as its products are
    String namespace =
        JdbcSource.MESH_SERVER.equals(dataset.namespace()) ? datasetNamespace : dataset.namespace();
    return new String[] {namespace, dataset.name()};
  }

  private OpenLineage.OutputDataset output(LineageRequest r) {
    PublishPlan plan = r.plan();
    List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
    for (FieldSpec f : plan.fields()) {
      fields.add(
          ol.newSchemaDatasetFacetFieldsBuilder()
              .name(f.name().value())
              .type(ProductTableDdl.sqlType(f.type()))
              .description(f.description())
              .build());
    }
    OpenLineage.DatasetFacetsBuilder facets =
        ol.newDatasetFacetsBuilder()
            .schema(ol.newSchemaDatasetFacet(fields))
            .dataSource(
                ol.newDatasourceDatasetFacet(datasetNamespace, URI.create(datasetNamespace)))
            .version(ol.newDatasetVersionDatasetFacet(plan.version()));
    ColumnLineage.of(plan.modelSql())
        .ifPresent(
            lineage -> {
              OpenLineage.ColumnLineageDatasetFacetFieldsBuilder columns =
                  ol.newColumnLineageDatasetFacetFieldsBuilder();
              boolean any = false;
              for (FieldSpec f : plan.fields()) {
                Set<ColumnLineage.Origin> origins = lineage.outputs().get(f.name().value());
                if (origins == null || origins.isEmpty()) continue;
                List<OpenLineage.InputField> inputFields = new ArrayList<>();
                for (ColumnLineage.Origin origin : origins) {
                  if (origin.relation().source() && plan.source() == null) continue;
                  String[] dataset =
                      origin.relation().source()
                          ? sourceDataset(plan)
                          : new String[] {datasetNamespace, tableName(origin.relation().product())};
                  inputFields.add(ol.newInputField(dataset[0], dataset[1], origin.column(), null));
                }
                if (inputFields.isEmpty()) continue;
                any = true;
                columns.put(
                    f.name().value(),
                    ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                        .inputFields(inputFields)
                        .build());
              }
              if (any) facets.columnLineage(ol.newColumnLineageDatasetFacet(columns.build(), null));
            });
    OpenLineage.OutputDatasetBuilder output =
        ol.newOutputDatasetBuilder()
            .namespace(datasetNamespace)
            .name(tableName(plan.product()))
            .facets(facets.build());
    if (!r.checks().isEmpty()) {
      List<java.util.Map<String, Object>> assertions = new ArrayList<>();
      for (CheckOutcome c : r.checks()) {
        java.util.Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("assertion", c.name());
        a.put("success", c.success());
        if (c.column() != null) a.put("column", c.column());
        assertions.add(a);
      }
      output.facets(
          facets
              .put("dataQualityAssertions", new QualityAssertionsFacet(PRODUCER, assertions))
              .build());
    }
    if (r.rowsOut() >= 0 && r.eventType().equals("COMPLETE")) {
      output.outputFacets(
          ol.newOutputDatasetOutputFacetsBuilder()
              .outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(r.rowsOut(), null, null))
              .build());
    }
    return output.build();
  }

  private String tableName(ProductId product) {
    return naming.name(product);
  }
}
