package io.meshflow.orchestrator.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.governance.GovernanceRule;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.FieldSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Products, their registered contract versions and each version's governance verdicts. */
@RegisterConstructorMapper(ProductRow.class)
@RegisterConstructorMapper(ComplianceRow.class)
@RegisterConstructorMapper(ProductDao.RegisteredVersion.class)
@RegisterConstructorMapper(ProductDao.VersionRow.class)
public interface ProductDao extends SqlObject {

  /**
   * Why PostgreSQL refuses {@code pattern} as a regular expression (its message), or empty when it
   * compiles it: patterns of checks are judged by the engine that runs them.
   */
  default Optional<String> regexRefusal(String pattern) {
    try {
      getHandle()
          .createQuery("SELECT '' ~ :pattern")
          .bind("pattern", pattern)
          .mapTo(Boolean.class)
          .one();
      return Optional.empty();
    } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
      if (e.getCause() instanceof org.postgresql.util.PSQLException p
          && "2201B".equals(p.getSQLState())
          && p.getServerErrorMessage() != null) {
        return Optional.of(p.getServerErrorMessage().getMessage());
      }
      throw e;
    }
  }

  /** A registered version as stored: enough to parse and diff it again. */
  record RegisteredVersion(
      String version, String hash, String yaml, String modelSql, String schemaFields) {}

  /** A version in a product's history. */
  record VersionRow(String version, String contractHash, Instant registeredAt) {}

  /**
   * Records a contract as its product's latest version. Only {@link ContractRegistry} calls this,
   * after checking that the version may be registered.
   */
  @Transaction
  default void register(DataProductContract contract) {
    upsertProduct(
        contract.id().toString(),
        contract.id().domain().value(),
        contract.id().name().value(),
        contract.description(),
        contract.owner(),
        contract.version().toString(),
        contract.tags().toArray(new String[0]));
    insertVersion(
        contract.id().toString(),
        contract.version().toString(),
        ContentHash.of(contract),
        contract.text(),
        contract.transform().sql(),
        SchemaJson.of(contract.fields()));
  }

  @SqlUpdate(
      """
      INSERT INTO meshflow.products (product_id, domain, name, description, owner, latest_version, tags)
      VALUES (:id, :domain, :name, :description, :owner, :version, :tags)
      ON CONFLICT (product_id) DO UPDATE SET description = excluded.description,
          owner = excluded.owner, latest_version = excluded.latest_version, tags = excluded.tags,
          updated_at = now()
      """)
  void upsertProduct(
      @Bind("id") String id,
      @Bind("domain") String domain,
      @Bind("name") String name,
      @Bind("description") String description,
      @Bind("owner") String owner,
      @Bind("version") String version,
      @Bind("tags") String[] tags);

  @SqlUpdate(
      """
      INSERT INTO meshflow.contract_versions (product_id, version, contract_hash, contract_yaml,
          model_sql, schema_fields)
      VALUES (:id, :version, :hash, :yaml, :model, CAST(:fields AS jsonb))
      ON CONFLICT (product_id, version) DO NOTHING
      """)
  void insertVersion(
      @Bind("id") String id,
      @Bind("version") String version,
      @Bind("hash") String hash,
      @Bind("yaml") String yaml,
      @Bind("model") String model,
      @Bind("fields") String fields);

  /** The product's latest registered version, if any. */
  @SqlQuery(
      """
      SELECT v.version, v.contract_hash AS hash, v.contract_yaml AS yaml, v.model_sql,
             CAST(v.schema_fields AS text) AS schema_fields
      FROM meshflow.products p JOIN meshflow.contract_versions v
        ON v.product_id = p.product_id AND v.version = p.latest_version
      WHERE p.product_id = :id
      """)
  Optional<RegisteredVersion> latestVersion(@Bind("id") String productId);

  /** Every registered version of the product, oldest first. */
  @SqlQuery(
      "SELECT version, contract_hash, registered_at FROM meshflow.contract_versions"
          + " WHERE product_id = :id ORDER BY registered_at, version")
  List<VersionRow> versions(@Bind("id") String productId);

  /** One registered version as stored. */
  @SqlQuery(
      """
      SELECT version, contract_hash AS hash, contract_yaml AS yaml, model_sql,
             CAST(schema_fields AS text) AS schema_fields
      FROM meshflow.contract_versions WHERE product_id = :id AND version = :version
      """)
  Optional<RegisteredVersion> version(
      @Bind("id") String productId, @Bind("version") String version);

  /** One governance rule's verdict on a version, as stored. */
  record Verdict(
      String product,
      String version,
      String rule,
      String severity,
      boolean passed,
      String description,
      String violations) {}

  /** Stores each rule's verdict on a registered version. */
  default void recordCompliance(
      DataProductContract contract, Map<GovernanceRule, String> verdicts) {
    List<Verdict> rows = new ArrayList<>();
    verdicts.forEach(
        (rule, violations) ->
            rows.add(
                new Verdict(
                    contract.id().toString(),
                    contract.version().toString(),
                    rule.id(),
                    rule.severity().name().toLowerCase(Locale.ROOT),
                    violations.equals("[]"),
                    rule.description(),
                    violations)));
    if (!rows.isEmpty()) upsertVerdicts(rows);
  }

  @SqlBatch(
      """
      INSERT INTO meshflow.compliance (product_id, version, rule_id, severity, passed, description, violations)
      VALUES (:product, :version, :rule, :severity, :passed, :description, CAST(:violations AS jsonb))
      ON CONFLICT (product_id, version, rule_id) DO UPDATE SET passed = excluded.passed,
          violations = excluded.violations, checked_at = now()
      """)
  @Transaction
  void upsertVerdicts(@BindMethods List<Verdict> verdicts);

  /** Each rule's verdict on the product's latest registered version. */
  @SqlQuery(
      """
      SELECT c.product_id, c.version, c.rule_id, c.severity, c.passed, c.description,
             CAST(c.violations AS text) AS violations
      FROM meshflow.compliance c JOIN meshflow.products p
        ON p.product_id = c.product_id AND p.latest_version = c.version
      WHERE c.product_id = :id ORDER BY c.rule_id
      """)
  List<ComplianceRow> compliance(@Bind("id") String productId);

  @SqlQuery("SELECT * FROM meshflow.products ORDER BY product_id")
  List<ProductRow> list();

  @SqlQuery("SELECT * FROM meshflow.products WHERE product_id = :id")
  Optional<ProductRow> find(@Bind("id") String productId);

  /** A contract's fields as the catalog stores them (JSON), for search, lineage and diffs. */
  final class SchemaJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaJson() {}

    static String of(List<FieldSpec> fields) {
      List<Map<String, Object>> out =
          fields.stream()
              .map(
                  f -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", f.name().value());
                    m.put("type", f.type().contractName());
                    m.put("nullable", f.nullable());
                    m.put("primary_key", f.primaryKey());
                    m.put("pii", f.pii());
                    m.put("masking", f.masking() == null ? null : f.masking().contractName());
                    m.put("description", f.description());
                    return m;
                  })
              .toList();
      try {
        return JSON.writeValueAsString(out);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
