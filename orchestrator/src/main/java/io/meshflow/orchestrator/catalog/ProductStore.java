package io.meshflow.orchestrator.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshflow.contracts.governance.GovernanceRule;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.FieldSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** Products and their contract versions. */
public final class ProductStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Jdbi jdbi;

  ProductStore(Jdbi jdbi) {
    this.jdbi = jdbi;
    jdbi.registerRowMapper(ConstructorMapper.factory(ProductRow.class));
    jdbi.registerRowMapper(ConstructorMapper.factory(ComplianceRow.class));
  }

  /**
   * Records a contract as its product's latest version. Only {@link ContractRegistry} calls this,
   * after checking that the version may be registered.
   */
  void register(DataProductContract contract) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  """
                  INSERT INTO meshflow.products (product_id, domain, name, description, owner, latest_version, tags)
                  VALUES (:id, :domain, :name, :description, :owner, :version, :tags)
                  ON CONFLICT (product_id) DO UPDATE SET description = excluded.description,
                      owner = excluded.owner, latest_version = excluded.latest_version, tags = excluded.tags,
                      updated_at = now()
                  """)
              .bind("id", contract.id().toString())
              .bind("domain", contract.id().domain().value())
              .bind("name", contract.id().name().value())
              .bind("description", contract.description())
              .bind("owner", contract.owner())
              .bind("version", contract.version().toString())
              .bind("tags", contract.tags().toArray(new String[0]))
              .execute();
          h.createUpdate(
                  """
                  INSERT INTO meshflow.contract_versions (product_id, version, contract_hash, contract_yaml,
                      model_sql, schema_fields)
                  VALUES (:id, :version, :hash, :yaml, :model, CAST(:fields AS jsonb))
                  ON CONFLICT (product_id, version) DO NOTHING
                  """)
              .bind("id", contract.id().toString())
              .bind("version", contract.version().toString())
              .bind("hash", contentHash(contract))
              .bind("yaml", contract.text())
              .bind("model", contract.transform().sql())
              .bind("fields", fieldsJson(contract.fields()))
              .execute();
        });
  }

  /** A registered version as stored: enough to parse and diff it again. */
  public record RegisteredVersion(
      String version, String hash, String yaml, String modelSql, String schemaFields) {}

  /** The product's latest registered version, if any. */
  public Optional<RegisteredVersion> latestVersion(String productId) {
    return find(productId).flatMap(p -> version(productId, p.latestVersion()));
  }

  /** A version in a product's history. */
  public record VersionRow(String version, String contractHash, java.time.Instant registeredAt) {}

  /** Every registered version of the product, oldest first. */
  public List<VersionRow> versions(String productId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT version, contract_hash, registered_at FROM meshflow.contract_versions WHERE product_id = :id"
                        + " ORDER BY registered_at, version")
                .bind("id", productId)
                .map(
                    (rs, ctx) ->
                        new VersionRow(
                            rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list());
  }

  /** One registered version as stored. */
  public Optional<RegisteredVersion> version(String productId, String version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT version, contract_hash, contract_yaml, model_sql, CAST(schema_fields AS text)"
                        + " FROM meshflow.contract_versions"
                        + " WHERE product_id = :id AND version = :version")
                .bind("id", productId)
                .bind("version", version)
                .map(
                    (rs, ctx) ->
                        new RegisteredVersion(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5)))
                .findOne());
  }

  /** Stores each rule's verdict on a registered version. */
  void recordCompliance(DataProductContract contract, Map<GovernanceRule, String> verdicts) {
    jdbi.useTransaction(
        h -> {
          var batch =
              h.prepareBatch(
                  """
                  INSERT INTO meshflow.compliance (product_id, version, rule_id, severity, passed, description, violations)
                  VALUES (:product, :version, :rule, :severity, :passed, :description, CAST(:violations AS jsonb))
                  ON CONFLICT (product_id, version, rule_id) DO UPDATE SET passed = excluded.passed,
                      violations = excluded.violations, checked_at = now()
                  """);
          verdicts.forEach(
              (rule, violations) ->
                  batch
                      .bind("product", contract.id().toString())
                      .bind("version", contract.version().toString())
                      .bind("rule", rule.id())
                      .bind("severity", rule.severity().name().toLowerCase(java.util.Locale.ROOT))
                      .bind("passed", violations.equals("[]"))
                      .bind("description", rule.description())
                      .bind("violations", violations)
                      .add());
          if (!verdicts.isEmpty()) batch.execute();
        });
  }

  /** Each rule's verdict on the product's latest registered version. */
  public List<ComplianceRow> compliance(String productId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT c.product_id, c.version, c.rule_id, c.severity, c.passed, c.description,
                           CAST(c.violations AS text) AS violations
                    FROM meshflow.compliance c JOIN meshflow.products p
                      ON p.product_id = c.product_id AND p.latest_version = c.version
                    WHERE c.product_id = :id ORDER BY c.rule_id
                    """)
                .bind("id", productId)
                .mapTo(ComplianceRow.class)
                .list());
  }

  public List<ProductRow> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM meshflow.products ORDER BY product_id")
                .mapTo(ProductRow.class)
                .list());
  }

  public Optional<ProductRow> find(String productId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM meshflow.products WHERE product_id = :id")
                .bind("id", productId)
                .mapTo(ProductRow.class)
                .findOne());
  }

  private static String fieldsJson(List<FieldSpec> fields) {
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

  /** What identifies a version's content: the contract's text and its SQL model's. */
  public static String contentHash(DataProductContract contract) {
    return sha256(contract.text() + "\n-- model --\n" + contract.transform().sql());
  }

  /** The SHA-256 of {@code text}, in hex. */
  public static String contentHash(String text) {
    return sha256(text);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
