package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshLoaderTest {
  @TempDir Path root;

  private void product(String domain, String name, String sql, String extraSpec)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(domain));
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("models/" + name + ".sql"), sql);
    Files.writeString(
        dir.resolve(name + ".yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: %s.%s, domain: %s, version: 1.0.0 }
        spec:
          owner: team@example.com
          transform: { sql: models/%s.sql }
          schema: { fields: [ { name: x, type: long } ] }
        %s
        """
            .formatted(domain, name, domain, name, extraSpec));
  }

  @Test
  void exampleMeshLoadsUpstreamBeforeDownstream() {
    Mesh mesh = new MeshLoader().load(Path.of("../domains"));
    assertThat(mesh.products())
        .extracting(c -> c.id().toString())
        .containsExactly(
            "inventory.products",
            "inventory.stock_levels",
            "orders.order_events",
            "billing.daily_revenue");
    assertThat(mesh.domains()).containsExactly("billing", "inventory", "orders");
    List<List<DataProductContract>> waves =
        mesh.waves(mesh.products().stream().map(DataProductContract::id).toList());
    assertThat(waves).hasSize(2);
    assertThat(waves.get(0))
        .extracting(c -> c.id().toString())
        .containsExactly("inventory.products", "inventory.stock_levels", "orders.order_events");
    assertThat(waves.get(1))
        .extracting(c -> c.id().toString())
        .containsExactly("billing.daily_revenue");
  }

  @Test
  void refsAndDeclaredUpstreamBothOrderProducts() throws IOException {
    product("a", "first", "SELECT 1 AS x", "");
    product("b", "second", "SELECT x FROM {{ ref('a.first') }}", "");
    product("c", "third", "SELECT 1 AS x", "  lineage: { upstream: [b.second] }");
    Mesh mesh = new MeshLoader().load(root);
    assertThat(mesh.products())
        .extracting(c -> c.id().toString())
        .containsExactly("a.first", "b.second", "c.third");
    assertThat(mesh.waves(List.of(ProductId.parse("c.third"), ProductId.parse("a.first"))))
        .extracting(w -> w.get(0).id().toString())
        .containsExactly("a.first", "c.third");
  }

  @Test
  void unknownReferencedProductIsAProblemOfTheReadingContract() throws IOException {
    product("a", "first", "SELECT x FROM {{ ref('z.nowhere') }}", "");
    ContractException e =
        catchThrowableOfType(ContractException.class, () -> new MeshLoader().load(root));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            root.getFileName()
                + "/a/first.yaml: spec.transform.sql: unknown product 'z.nowhere' (no contract defines it)");
  }

  @Test
  void anUnknownDeclaredDownstreamProductIsAWarning() throws IOException {
    product("a", "first", "SELECT 1 AS x", "  lineage: { downstream: [z.elsewhere] }");
    assertThat(new MeshLoader().check(root).problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            root.getFileName()
                + "/a/first.yaml:8: spec.lineage.downstream[0]: warning: declared downstream"
                + " product 'z.elsewhere' has no contract in this mesh");
    assertThat(new MeshLoader().load(root).products()).hasSize(1);
  }

  @Test
  void cyclesAreReportedForEveryProductInThem() throws IOException {
    product("a", "first", "SELECT x FROM {{ ref('b.second') }}", "");
    product("b", "second", "SELECT x FROM {{ ref('a.first') }}", "");
    product("c", "third", "SELECT 1 AS x", "");
    ContractException e =
        catchThrowableOfType(ContractException.class, () -> new MeshLoader().load(root));
    assertThat(e.problems())
        .extracting(ContractProblem::message)
        .containsExactly(
            "product 'a.first' is part of a dependency cycle",
            "product 'b.second' is part of a dependency cycle");
  }

  @Test
  void productMustLiveInItsDomainsFolderAndBeDefinedOnce() throws IOException {
    product("a", "first", "SELECT 1 AS x", "");
    Files.createDirectories(root.resolve("b/models"));
    Files.copy(root.resolve("a/models/first.sql"), root.resolve("b/models/first.sql"));
    Files.copy(root.resolve("a/first.yaml"), root.resolve("b/first.yaml"));
    Files.copy(root.resolve("a/first.yaml"), root.resolve("a/copy.yaml"));
    ContractException e =
        catchThrowableOfType(ContractException.class, () -> new MeshLoader().load(root));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            root.getFileName()
                + "/a/first.yaml: metadata.name: product 'a.first' is already defined in "
                + root.getFileName()
                + "/a/copy.yaml",
            root.getFileName()
                + "/b/first.yaml: metadata.domain: product 'a.first' is in the folder of domain 'b'; move it to a/");
  }

  @Test
  void unknownPlaceholderInAModelIsAContractProblem() throws IOException {
    product("a", "first", "SELECT 1 AS x FROM {{ sorce() }}", "");
    ContractException e =
        catchThrowableOfType(ContractException.class, () -> new MeshLoader().load(root));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly(
            root.getFileName()
                + "/a/first.yaml:6: spec.transform.sql: models/first.sql line 1: unknown placeholder"
                + " '{{ sorce() }}' (expected {{ source() }}, {{ source('system', 'table') }}, {{ ref('domain.product')"
                + " }}, {{ ref('domain', 'product') }}, {{ config(…) }}, {{ partition_start }} or {{ partition_end }})");
  }

  private List<String> problems() {
    return new MeshLoader().check(root).problems().stream().map(ContractProblem::toString).toList();
  }

  @Test
  void sourcesOutsideTheMeshFolderAreRefusedWithTheirLineAndNeverOpened() throws IOException {
    product(
        "a",
        "up",
        "SELECT 1 AS x FROM {{ source() }}",
        "  source: { type: csv, path: ../../../../etc/passwd }");
    product(
        "b",
        "abs",
        "SELECT 1 AS x FROM {{ source() }}",
        "  source: { type: csv, path: /etc/passwd }");
    Path outside =
        Files.writeString(root.resolveSibling(root.getFileName() + "-secret.csv"), "x\n1\n");
    Files.createSymbolicLink(root.resolve("a/linked.csv"), outside);
    product(
        "c",
        "linked",
        "SELECT 1 AS x FROM {{ source() }}",
        "  source: { type: csv, path: ../a/linked.csv }");
    String name = root.getFileName().toString();
    List<String> problems = problems();
    Files.delete(outside);
    assertThat(problems)
        .containsExactly(
            name
                + "/a/up.yaml:8: spec.source.path: '../../../../etc/passwd' is outside the"
                + " mesh folder; sources are read only from inside it",
            name
                + "/b/abs.yaml:8: spec.source.path: '/etc/passwd' is absolute; give a path"
                + " relative to the contract's folder",
            name
                + "/c/linked.yaml:8: spec.source.path: '../a/linked.csv' is a link to a file"
                + " outside the mesh folder; sources are read only from inside it");
  }

  @Test
  void aModelThatIsNotOneReadOnlyQueryIsRefusedAtValidateTime() throws IOException {
    product("a", "breakout", "SELECT 1 AS x) AS m; DROP TABLE b.t; SELECT 1 FROM (SELECT 1", "");
    product("b", "catalog", "SELECT 1 AS x\nFROM meshflow.runs", "");
    product("c", "files", "SELECT length(pg_read_file('/etc/hostname')) AS x", "");
    String name = root.getFileName().toString();
    assertThat(problems())
        .containsExactly(
            name
                + "/a/breakout.yaml:6: spec.transform.sql: models/breakout.sql line 1: cannot"
                + " be parsed as a query near ')' (column 14)",
            name
                + "/b/catalog.yaml:6: spec.transform.sql: models/catalog.sql line 2: reads"
                + " meshflow.runs directly; a model reads {{ source() }}, {{ ref('domain.product')"
                + " }} and its own CTEs only",
            name
                + "/c/files.yaml:6: spec.transform.sql: models/files.sql line 1: calls"
                + " pg_read_file(), which a model or check may not call (it reaches outside the"
                + " product's data)");
  }

  @Test
  void aSourceInAnAllowedDataRootIsAccepted(@TempDir Path data) throws IOException {
    Path file = Files.writeString(data.resolve("x.csv"), "x\n1\n");
    String relative = root.resolve("a").relativize(file).toString();
    product(
        "a",
        "up",
        "SELECT 1 AS x FROM {{ source() }}",
        "  source: { type: csv, path: " + relative + " }");
    assertThat(problems())
        .singleElement()
        .asString()
        .endsWith("is outside the mesh folder; sources are read only from inside it");
    Mesh mesh =
        new MeshLoader(new io.meshflow.contracts.model.SourceRoots(List.of(data))).load(root);
    assertThat(mesh.products())
        .singleElement()
        .satisfies(c -> assertThat(c.source().path()).isEqualTo(file));
  }

  @Test
  void aContractOrModelThatIsNotUtf8IsReportedWithItsLineAndByteOffset() throws IOException {
    product("a", "latin", "SELECT 1 AS x", "");
    byte[] yaml = Files.readAllBytes(root.resolve("a/latin.yaml"));
    byte[] broken = new byte[yaml.length + 1];
    System.arraycopy(yaml, 0, broken, 0, yaml.length);
    broken[yaml.length] = (byte) 0xE9; // é in Latin-1
    Files.write(root.resolve("a/latin.yaml"), broken);
    product("b", "model", "SELECT 1 AS x", "");
    Files.write(root.resolve("b/models/model.sql"), new byte[] {'S', 'E', 'L', '\n', (byte) 0xFF});
    String name = root.getFileName().toString();
    assertThat(problems())
        .containsExactly(
            name
                + "/a/latin.yaml:9: the file is not valid UTF-8: line 9, byte offset "
                + yaml.length,
            name
                + "/b/model.yaml:6: spec.transform.sql: SQL model file 'models/model.sql' is not"
                + " valid UTF-8: line 2, byte offset 4");
  }
}
