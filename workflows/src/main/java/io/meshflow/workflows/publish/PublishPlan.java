package io.meshflow.workflows.publish;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.FieldSpec;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.QualityCheck;
import java.util.List;

/**
 * Everything a publish run needs to know about its product, taken from the validated contract once,
 * at the edge. Small by design: it names data (files, tables), it never carries it.
 *
 * @param source the raw input, or {@code null} when the model only reads other products
 * @param modelSql the SQL model with its {@code source()}/{@code ref()} placeholders
 * @param evidenceRows example failing rows kept per failed check
 */
public record PublishPlan(
    ProductId product,
    String version,
    SourcePlan source,
    String modelSql,
    List<FieldSpec> fields,
    List<QualityCheck> checks,
    int evidenceRows) {

  public PublishPlan {
    fields = List.copyOf(fields);
    checks = List.copyOf(checks);
  }

  public static PublishPlan of(DataProductContract contract) {
    SourcePlan source =
        contract.source() == null
            ? null
            : new SourcePlan(
                contract.source().type(),
                contract.source().path().toAbsolutePath().toString(),
                contract.source().delimiter());
    return new PublishPlan(
        contract.id(),
        contract.version().toString(),
        source,
        contract.transform().sql(),
        contract.fields(),
        contract.checks(),
        contract.evidenceRows());
  }
}
