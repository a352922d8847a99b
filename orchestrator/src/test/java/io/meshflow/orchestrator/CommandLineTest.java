package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.cli.CommandRunner;
import io.meshflow.orchestrator.cli.CommandRunner.Result;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands a user types, on the embedded stack in a fresh home: what they print and their exit
 * codes. Each command starts and stops its own stack, so this also proves that the catalog and
 * published tables survive from one command to the next.
 */
class CommandLineTest {
  @TempDir Path home;

  private Result run(String... args) {
    return run(
        new MeshflowProperties(
            home, Path.of("../domains"), Path.of("../governance"), null, null, null),
        args);
  }

  private Result run(MeshflowProperties properties, String... args) {
    return CommandRunner.run(properties, args);
  }

  @Test
  void publishAllPrintsProgressAndASummaryAndRunsListsWhatRan() {
    Result publish = run("publish", "--all");
    assertThat(publish.exitCode()).as(publish.err()).isZero();
    assertThat(publish.out()).contains("meshflow: embedded stack ready in");
    assertThat(publish.out()).containsPattern("orders\\.order_events +extract +ok  3,090 rows");
    assertThat(publish.out()).containsPattern("billing\\.daily_revenue +extract +skipped");
    List<String> summary = publish.out().lines().dropWhile(l -> !l.startsWith("PRODUCT")).toList();
    assertThat(summary.get(0))
        .startsWith("PRODUCT")
        .contains("STATUS", "ROWS IN", "ROWS OUT", "CHECKS", "DURATION", "RUN ID");
    // inventory.products reads the shop database the embedded stack made from its seed
    assertThat(summary.get(1))
        .containsPattern("^inventory\\.products +SUCCEEDED +60 +60 +6 passed ");
    assertThat(summary.get(2))
        .containsPattern("^inventory\\.stock_levels +SUCCEEDED +1,895 +950 +10 passed ");
    assertThat(summary.get(3))
        .containsPattern("^orders\\.order_events +SUCCEEDED +3,090 +1,200 +10 passed, 1 warned ");
    assertThat(summary.get(4))
        .containsPattern("^billing\\.daily_revenue +SUCCEEDED +- +86 +9 passed ");
    assertThat(publish.out()).contains("created the database shop from shop.sql");

    Result runs = run("runs");
    assertThat(runs.exitCode()).isZero();
    List<String> lines = runs.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("RUN ID").contains("PRODUCT", "STATUS");
    assertThat(lines.subList(1, 5)).allSatisfy(l -> assertThat(l).contains(" cli ", "SUCCEEDED"));

    assertThat(publish.out())
        .contains(
            "orders.order_events warning: orders_are_recent: newest value 2026-04-04 03:56:00+00 (");

    Result checks = run("checks", "orders.order_events");
    assertThat(checks.exitCode()).isZero();
    List<String> checkLines = checks.out().lines().toList();
    assertThat(checkLines).hasSize(13);
    assertThat(checkLines.get(2))
        .containsPattern(
            "^expect_column_values_to_not_be_null\\(order_id\\) +error +passed +1/1 \\(100%\\) +0 of 1200 values are null");
    assertThat(checkLines.get(12))
        .containsPattern("^orders_are_recent +warn +FAILED +0/1 \\(0%\\) +newest value");

    String runId = lines.get(1).substring(0, 8);
    Result show = run("runs", "show", runId);
    assertThat(show.exitCode()).isZero();
    assertThat(show.out()).contains("status    SUCCEEDED", "catalog-update  SUCCEEDED");
  }

  @Test
  void failedRunExitsNonZeroAndPrintsItsReport() {
    Result result = run("publish", "--all", "--mesh", "../examples/failing");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .containsPattern("inventory\\.stock_adjustments +FAILED +300 +0 +2 passed, 1 failed");
    assertThat(result.out())
        .contains(
            "inventory.stock_adjustments failed: 1 quality check failed:\n"
                + "  - expect_column_values_to_be_between(quantity_delta) [error]: 3 of 300 values are outside [-100, 100] (1%);"
                + " expected all values within [-100, 100]");
  }

  @Test
  void unknownProductAndBrokenContractsExitWithTwo() throws Exception {
    Result unknown = run("publish", "orders.nope");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "unknown product 'orders.nope'; the mesh in ../domains has: inventory.products,"
                + " inventory.stock_levels, orders.order_events,"
                + " billing.daily_revenue");

    Path mesh = home.resolve("mesh/orders");
    Files.createDirectories(mesh);
    Files.writeString(
        mesh.resolve("broken.yaml"),
        "apiVersion: datamesh.io/v1\nkind: DataProduct\nmetadata: {}\n");
    Result broken = run("publish", "--all", "--mesh", home.resolve("mesh").toString());
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.err())
        .contains(
            "4 contract problems:\n"
                + "  mesh/orders/broken.yaml:1: spec: required key 'spec' is missing\n"
                + "  mesh/orders/broken.yaml:3: metadata.name: required key 'name' is missing\n"
                + "  mesh/orders/broken.yaml:3: metadata.domain: required key 'domain' is missing\n"
                + "  mesh/orders/broken.yaml:3: metadata.version: required key 'version' is missing");
  }

  @Test
  void validateListsTheSameProblemsAsTextJsonAndJunit() throws Exception {
    Path mesh = home.resolve("mesh");
    Files.createDirectories(mesh.resolve("customers/models"));
    Files.writeString(
        mesh.resolve("customers/models/profiles.sql"), "SELECT 1 AS id, 'x' AS email");
    Files.writeString(
        mesh.resolve("customers/profiles.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: customers.profiles, domain: customers, version: 1.0.0, description: Profiles }
        spec:
          owner: team-customers@example.com
          sla: { freshness: 1h, availability: 99% }
          source: { type: csv, path: data/missing.csv }
          transform: { sql: models/profiles.sql }
          schema:
            fields:
              - { name: id, type: long }
              - { name: email, type: string, constraints: { pii: true } }
          access: { policies: [PII-RED-ACT] }
        """);
    Files.writeString(
        mesh.resolve("customers/broken.yaml"), "apiVersion: datamesh.io/v1\nkind: [\n");
    List<String> expected =
        List.of(
            "mesh/customers/broken.yaml:3: invalid YAML: expected the node content, but found '<stream end>'",
            "mesh/customers/profiles.yaml:3: metadata: warning: [description-present] the product has a description, so it can be found in the catalog",
            "mesh/customers/profiles.yaml:7: spec.source.path: source file not found: customers/data/missing.csv",
            "mesh/customers/profiles.yaml:12: spec.schema.fields[1]: [pii-masked] a pii field declares masking (hash or redact)");

    Result text = run("validate", mesh.toString());
    assertThat(text.exitCode()).as(text.err()).isEqualTo(1);
    assertThat(text.out().lines().toList())
        .containsExactlyElementsOf(
            java.util.stream.Stream.concat(
                    expected.stream(),
                    java.util.stream.Stream.of("", "1 contract checked: 3 errors, 1 warning"))
                .toList());

    Result json = run("validate", mesh.toString(), "--format", "json");
    assertThat(json.exitCode()).isEqualTo(1);
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(doc.get("errors").asInt()).isEqualTo(3);
    assertThat(doc.get("warnings").asInt()).isEqualTo(1);
    List<String> fromJson = new java.util.ArrayList<>();
    doc.get("problems")
        .forEach(
            p ->
                fromJson.add(
                    p.get("file").asText()
                        + ":"
                        + p.get("line").asInt()
                        + ": "
                        + (p.get("path").asText().isEmpty() ? "" : p.get("path").asText() + ": ")
                        + (p.get("severity").asText().equals("warning") ? "warning: " : "")
                        + (p.get("rule").isNull() ? "" : "[" + p.get("rule").asText() + "] ")
                        + p.get("message").asText()));
    assertThat(fromJson).containsExactlyElementsOf(expected);

    Result junit = run("validate", mesh.toString(), "--format", "junit");
    assertThat(junit.exitCode()).isEqualTo(1);
    var xml =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(
                new java.io.ByteArrayInputStream(
                    junit.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    var suite = (org.w3c.dom.Element) xml.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("tests")).isEqualTo("2");
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    List<String> fromJunit = new java.util.ArrayList<>();
    var failures = xml.getElementsByTagName("failure");
    for (int i = 0; i < failures.getLength(); i++)
      fromJunit.add(((org.w3c.dom.Element) failures.item(i)).getAttribute("message"));
    var out = xml.getElementsByTagName("system-out");
    for (int i = 0; i < out.getLength(); i++)
      fromJunit.addAll(out.item(i).getTextContent().lines().toList());
    assertThat(fromJunit).containsExactlyInAnyOrderElementsOf(expected);

    Result clean = run("validate");
    assertThat(clean.exitCode()).isZero();
    assertThat(clean.out()).isEqualTo("4 contracts checked: 0 errors, 0 warnings\n");
  }

  @Test
  void whatIsNotFoundIsNamedWithTheHomeItWasLookedForIn() {
    Result run = run("runs", "show", "abc");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "no run with id (or unique id prefix) 'abc' in the catalog of the home "
                + home.toAbsolutePath().normalize()
                + " (MESHFLOW_HOME)\n");
    Result product = run("catalog", "show", "orders.nope");
    assertThat(product.exitCode()).isEqualTo(1);
    assertThat(product.err())
        .isEqualTo(
            "no product 'orders.nope' in the catalog of the home "
                + home.toAbsolutePath().normalize()
                + " (MESHFLOW_HOME)\n");
    Result connect = run("connect", "--print");
    assertThat(connect.exitCode()).isEqualTo(1);
    assertThat(connect.err())
        .isEqualTo(
            "no warehouse runs for the home "
                + home.toAbsolutePath().normalize()
                + " (MESHFLOW_HOME): the embedded PostgreSQL runs while `meshflow dev` does;"
                + " start it, or `meshflow connect` opens psql on it for one session\n");
  }

  @Test
  void validateJudgesPatternsWithPostgreSqlWhenAWarehouseIsReachable() throws Exception {
    Path mesh = home.resolve("patterns");
    Files.createDirectories(mesh.resolve("shop/models"));
    Files.writeString(mesh.resolve("shop/models/codes.sql"), "SELECT 'abc' AS code");
    Files.writeString(
        mesh.resolve("shop/codes.yaml"),
        """
        apiVersion: datamesh.io/v1
        kind: DataProduct
        metadata: { name: shop.codes, domain: shop, version: 1.0.0, description: Codes of the shop }
        spec:
          owner: team-shop@example.com
          sla: { freshness: 1h, availability: 99% }
          schema: { fields: [ { name: code, type: string } ] }
          quality:
            checks:
              - { column: code, assertion: expect_column_values_to_match_regex, regex: "a++" }
              - { name: word, column: code, assertion: expect_column_values_to_match_regex, regex: "\\\\yabc\\\\y" }
        """);
    // no warehouse reachable: Java's engine no longer judges PostgreSQL's patterns
    Result offline = run("validate", mesh.toString());
    assertThat(offline.exitCode()).as(offline.out()).isZero();
    Result judged = run("validate", "--warehouse", mesh.toString());
    assertThat(judged.exitCode()).isEqualTo(1);
    assertThat(judged.out().lines().toList())
        .containsExactly(
            "patterns/shop/codes.yaml:10: spec.quality.checks[0].regex: PostgreSQL, which runs the"
                + " pattern, refuses it: invalid regular expression: quantifier operand invalid",
            "",
            "1 contract checked: 1 error, 0 warnings");
  }

  @Test
  void diffAgainstAGitRevisionRequiresAMajorBumpForBreakingChanges() throws Exception {
    Path repo = home.resolve("repo");
    Path domain = Files.createDirectories(repo.resolve("domains/orders/models"));
    Files.copy(
        Path.of("../domains/orders/models/order_events.sql"), domain.resolve("order_events.sql"));
    Path contract = repo.resolve("domains/orders/order_events.yaml");
    Files.copy(Path.of("../domains/orders/order_events.yaml"), contract);
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "v1");
    String v1 = Files.readString(contract);
    Files.writeString(
        contract,
        v1.lines()
            .filter(l -> !l.contains("event_count"))
            .map(l -> l + "\n")
            .reduce("", String::concat));

    Result minor = run("diff", "--against", "HEAD", contract.toString());
    assertThat(minor.exitCode()).as(minor.err()).isEqualTo(1);
    assertThat(minor.out())
        .isEqualTo(
            """
        orders.order_events 1.0.0 → 1.0.0
          breaking  spec.schema.fields[7]: field 'event_count' removed: consumers selecting it fail
          non-breaking  spec.quality.checks[8]: check 'expect_column_max_to_be_between(event_count)' removed (a weaker promise)
        consumers: billing.daily_revenue (reads it through ref)
        FAILED: 1 breaking change but the major version stays 1; release it as 2.0.0
        """);

    Files.writeString(
        contract, Files.readString(contract).replace("version: 1.0.0", "version: 2.0.0"));
    Result major = run("diff", "--against", "HEAD", contract.toString());
    assertThat(major.exitCode()).isZero();
    assertThat(major.out()).endsWith("ok: 1 breaking change with a new major version\n");

    Result files = run("diff", "../domains/orders/order_events.yaml", contract.toString());
    assertThat(files.exitCode()).isZero();
    assertThat(files.out()).startsWith("orders.order_events 1.0.0 → 2.0.0\n");
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  @Test
  void backfillShowsItsProgressRunsEachPartitionAndItsFollowersOnce() {
    Result backfill =
        run(
            "backfill",
            "orders.daily_order_events",
            "--mesh",
            "../examples/partitioned",
            "--from",
            "2026-03-13",
            "--to",
            "2026-03-15",
            "--concurrency",
            "2");
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    List<String> lines = backfill.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("backfill/orders.daily_order_events: 2026-03-13 to 2026-03-15 sent");
    assertThat(lines)
        .contains(
            "[##############################] 3/3  3 done · 0 running · 0 queued · 0 failed · ended",
            "backfill of orders.daily_order_events: 3 partitions published, 0 failed;"
                + " each partition's run: ./meshflow runs --product orders.daily_order_events",
            "triggered downstream: orders.daily_order_totals {succeeded=3}");
    assertThat(lines.stream().filter(l -> l.startsWith("[")))
        .allMatch(l -> l.matches("\\[[#.]{30}\\] \\d/3  .*"));

    Result runs = run("runs", "--product", "orders.daily_order_events");
    assertThat(runs.out().lines().skip(1))
        .hasSize(3)
        .allMatch(l -> l.contains(" backfill ") && l.contains("SUCCEEDED"));
    assertThat(runs.out()).contains("2026-03-13", "2026-03-14", "2026-03-15");
    String child = runs.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];
    assertThat(run("runs", "show", child).out())
        .containsPattern("parent    backfill/orders\\.daily_order_events \\(run [0-9a-f-]{36}\\)");
    assertThat(run("runs", "--product", "orders.daily_order_totals").out().lines().skip(1))
        .hasSize(3)
        .allMatch(l -> l.contains(" upstream ") && l.contains("SUCCEEDED"));

    // both products chosen: the follower's run is the one its upstream triggered, not a second one
    Result publish =
        run("publish", "--all", "--mesh", "../examples/partitioned", "--partition", "2026-03-16");
    assertThat(publish.exitCode()).as(publish.err()).isZero();
    assertThat(publish.out())
        .contains("Triggered by upstream publishes (trigger: on-upstream):")
        .containsPattern("orders\\.daily_order_totals +2026-03-16 +SUCCEEDED +5 ")
        .containsPattern("orders\\.daily_order_totals +joined running run");
    assertThat(
            run("runs", "--product", "orders.daily_order_totals")
                .out()
                .lines()
                .filter(l -> l.contains("2026-03-16")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains(" upstream "));

    Result notPartitioned =
        run("backfill", "orders.order_events", "--from", "2026-03-01", "--to", "2026-03-02");
    assertThat(notPartitioned.exitCode()).isEqualTo(2);
    assertThat(notPartitioned.err())
        .startsWith("orders.order_events is not partitioned: a backfill runs partitions");
    Result reversed =
        run(
            "backfill",
            "orders.daily_order_events",
            "--mesh",
            "../examples/partitioned",
            "--from",
            "2026-03-15",
            "--to",
            "2026-03-13");
    assertThat(reversed.exitCode()).isEqualTo(2);
    assertThat(reversed.err().strip())
        .isEqualTo("the range 2026-03-15 to 2026-03-13 ends before it starts");
    Result status =
        run(
            "backfill",
            "orders.daily_order_events",
            "--mesh",
            "../examples/partitioned",
            "--status");
    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.err()).startsWith("backfills live in a running Temporal");
  }

  @Test
  void aRunLeftRunningByAnEmbeddedStackThatStoppedIsMarkedAbandoned() {
    assertThat(run("publish", "orders.order_events").exitCode()).isZero();
    MeshflowProperties properties =
        new MeshflowProperties(
            home, Path.of("../domains"), Path.of("../governance"), null, null, null);
    // a run whose command was killed: recorded as started, never finished
    try (var stack =
        new StackLauncher(properties).forCommand(new StackLauncher.Needs(false, List.of()))) {
      stack
          .catalog()
          .runs()
          .started(
              new io.meshflow.workflows.run.RunStarted(
                  "0d7c2a6e-dead-4000-8000-000000000001",
                  "publish/orders.order_events/latest",
                  "orders.order_events",
                  "1.0.0",
                  "latest",
                  "cli",
                  System.currentTimeMillis(),
                  null,
                  null));
    }
    Result show = run("runs", "show", "0d7c2a6e-dead");
    assertThat(show.out())
        .contains("status    FAILED")
        .contains(
            "error: abandoned: the embedded Temporal running it stopped (its command or `meshflow dev`"
                + " ended) before the run did; run it again");
  }

  @Test
  void tableCommandsPrintTheApisJsonWithJson() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Result publish = run("publish", "orders.order_events");
    assertThat(publish.exitCode()).as(publish.err()).isZero();

    var runs = json.readTree(run("runs", "--json").out());
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("productId").asText()).isEqualTo("orders.order_events");
    assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs.get(0).get("rowsOut").asLong()).isEqualTo(1200);
    assertThat(runs.get(0).get("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    var checks = json.readTree(run("checks", "orders.order_events", "--json").out());
    assertThat(checks).hasSize(11);
    assertThat(checks.get(0).fieldNames())
        .toIterable()
        .contains("checkName", "severity", "runs", "passed", "latestSuccess");

    var hits = json.readTree(run("catalog", "search", "orders", "--json").out());
    assertThat(hits.findValuesAsText("productId")).containsExactly("orders.order_events");
    var page = json.readTree(run("catalog", "show", "orders.order_events", "--json").out());
    assertThat(page.get("product").get("productId").asText()).isEqualTo("orders.order_events");

    var lineage = json.readTree(run("lineage", "orders.order_events", "--json").out());
    assertThat(lineage.fieldNames()).toIterable().containsExactly("upstream", "downstream");
    assertThat(lineage.get("upstream").get("product").asText()).isEqualTo("orders.order_events");
    var impact = json.readTree(run("impact", "orders.order_events", "--json").out());
    assertThat(impact.get("product").asText()).isEqualTo("orders.order_events");

    assertThat(json.readTree(run("schedules", "--json").out())).isEmpty();
    assertThat(json.readTree(run("sla", "--json").out())).isEmpty();
  }

  @Test
  void slaGateExitsOneBelowItsCompliance() {
    assertThat(run("sla", "--gate", "99%").out())
        .isEqualTo(
            "no product is monitored yet in the catalog of the home "
                + home.toAbsolutePath().normalize()
                + " (`./meshflow dev` starts the monitors)\n"
                + "gate 99%: every product passes over 30d\n");
    MeshflowProperties properties =
        new MeshflowProperties(
            home, Path.of("../domains"), Path.of("../governance"), null, null, null);
    java.time.Instant now = java.time.Instant.now();
    java.time.Duration day = java.time.Duration.ofDays(1);
    // monitored for 10 days, stale for one of them: 90% fresh, always available
    try (var stack =
        new StackLauncher(properties).forCommand(new StackLauncher.Needs(false, List.of()))) {
      var sla = stack.catalog().sla();
      sla.saveMonitor(
          "orders.order_events",
          "sla/orders.order_events",
          900L,
          99.9,
          60L,
          "orders.order_events",
          now.minus(day.multipliedBy(10)),
          false,
          now.minus(day.multipliedBy(10)));
      String breach = "orders.order_events/freshness/1";
      sla.breachStarted(
          breach, "orders.order_events", "freshness", now.minus(day.multipliedBy(5)), "stale");
      sla.breachEnded(breach, now.minus(day.multipliedBy(4)), null);
    }
    Result below = run("sla", "--gate", "99%");
    assertThat(below.exitCode()).isEqualTo(1);
    assertThat(below.out()).endsWith("gate 99%: orders.order_events is at 90.000% over 30d\n");
    Result above = run("sla", "--gate", "90");
    assertThat(above.exitCode()).isZero();
    assertThat(above.out()).endsWith("gate 90: every product passes over 30d\n");
    Result week = run("sla", "orders.order_events", "--window", "3d", "--gate", "99.9%");
    assertThat(week.exitCode()).as("no breach in the last 3 days").isZero();
    Result invalid = run("sla", "--gate", "101%");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err())
        .isEqualTo(
            "invalid percentage '101%' (expected a number from 0 to 100 and '%', e.g. 99.9%)\n");
  }

  @Test
  void helpListsTheCommands() {
    Result help = run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("publish", "runs", "checks", "dev", "worker")
        .doesNotContain("bench");
  }

  @Test
  void aDatabaseThatCannotBeReachedIsOneLineAndExitCode3() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    MeshflowProperties unreachable =
        new MeshflowProperties(
            home,
            Path.of("../domains"),
            Path.of("../governance"),
            null,
            null,
            new MeshflowProperties.Database(
                "jdbc:postgresql://localhost:" + closed + "/postgres", "postgres", null));
    Result runs = run(unreachable, "runs");
    assertThat(runs.exitCode()).isEqualTo(3);
    assertThat(runs.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith(
            "meshflow: cannot reach PostgreSQL: Connection to localhost:" + closed + " refused");
  }
}
