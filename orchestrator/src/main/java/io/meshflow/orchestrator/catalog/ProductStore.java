package io.meshflow.orchestrator.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  }

  /**
   * Records a contract as its product's latest version. Registering the same version again with
   * different text replaces the stored text (the version's hash records which text ran).
   */
  public void register(DataProductContract contract) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  """
                  INSERT INTO meshflow.products (product_id, domain, name, description, owner, latest_version)
                  VALUES (:id, :domain, :name, :description, :owner, :version)
                  ON CONFLICT (product_id) DO UPDATE SET description = excluded.description,
                      owner = excluded.owner, latest_version = excluded.latest_version, updated_at = now()
                  """)
              .bind("id", contract.id().toString())
              .bind("domain", contract.id().domain().value())
              .bind("name", contract.id().name().value())
              .bind("description", contract.description())
              .bind("owner", contract.owner())
              .bind("version", contract.version().toString())
              .execute();
          h.createUpdate(
                  """
                  INSERT INTO meshflow.contract_versions (product_id, version, contract_hash, contract_yaml, schema_fields)
                  VALUES (:id, :version, :hash, :yaml, CAST(:fields AS jsonb))
                  ON CONFLICT (product_id, version) DO UPDATE SET contract_hash = excluded.contract_hash,
                      contract_yaml = excluded.contract_yaml, schema_fields = excluded.schema_fields,
                      registered_at = now()
                  WHERE contract_versions.contract_hash <> excluded.contract_hash
                  """)
              .bind("id", contract.id().toString())
              .bind("version", contract.version().toString())
              .bind("hash", sha256(contract.text()))
              .bind("yaml", contract.text())
              .bind("fields", fieldsJson(contract.fields()))
              .execute();
        });
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
