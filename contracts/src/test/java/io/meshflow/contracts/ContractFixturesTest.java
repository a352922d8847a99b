package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.Expectation;
import io.meshflow.contracts.model.FieldType;
import io.meshflow.contracts.model.Masking;
import io.meshflow.contracts.model.Partitioning;
import io.meshflow.contracts.model.QualityCheck;
import io.meshflow.contracts.model.Severity;
import io.meshflow.contracts.model.SourceType;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.contracts.parse.ContractProblem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract under {@code valid/} parses; every one under {@code invalid/} fails with exactly
 * the problems its {@code # expect:} comment lines list (file, line, YAML path and message).
 */
class ContractFixturesTest {
  private final ContractParser parser = new ContractParser();

  static Path fixtures() throws URISyntaxException {
    return Path.of(ContractFixturesTest.class.getResource("/contracts").toURI());
  }

  static Stream<Path> valid() throws Exception {
    return yamlFiles(fixtures().resolve("valid"));
  }

  static Stream<Path> invalid() throws Exception {
    return yamlFiles(fixtures().resolve("invalid"));
  }

  private static Stream<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validContractsParse(Path file) {
    DataProductContract contract = parser.parse(file, "valid/" + file.getFileName());
    assertThat(contract.id().toString()).startsWith("orders.");
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidContractsReportEveryProblemWithFileLineAndPath(Path file) throws IOException {
    List<String> expected =
        Files.readAllLines(file).stream()
            .filter(l -> l.startsWith("# expect: "))
            .map(l -> l.substring("# expect: ".length()))
            .sorted()
            .toList();
    assertThat(expected).as("fixture lists its expected problems").isNotEmpty();
    ContractException e =
        catchThrowableOfType(
            ContractException.class, () -> parser.parse(file, "invalid/" + file.getFileName()));
    assertThat(e).as("parsing " + file.getFileName() + " must fail").isNotNull();
    assertThat(e.problems().stream().map(ContractProblem::toString).sorted().toList())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void aFreshnessScheduleHasNoCron() throws Exception {
    DataProductContract c =
        parser.parse(fixtures().resolve("valid/freshness_schedule.yaml"), "f.yaml");
    assertThat(c.schedule()).isEqualTo(new io.meshflow.contracts.model.Schedule(null, null, true));
    assertThat(c.schedule().byCron()).isFalse();
    DataProductContract cron = parser.parse(fixtures().resolve("valid/full.yaml"), "full.yaml");
    assertThat(cron.schedule().byCron()).isTrue();
    assertThat(cron.schedule().onFreshness()).isFalse();
  }

  @Test
  void fullContractIsReadIntoTheModel() throws Exception {
    DataProductContract c = parser.parse(fixtures().resolve("valid/full.yaml"), "full.yaml");
    assertThat(c.version().toString()).isEqualTo("2.1.0-rc.1+build.5");
    assertThat(c.sla().freshness()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.sla().availabilityPercent()).isEqualTo(99.9);
    assertThat(c.source().type()).isEqualTo(SourceType.CSV);
    assertThat(c.source().delimiter()).isEqualTo(';');
    assertThat(c.source().path()).isEqualTo(fixtures().resolve("valid/data/events.csv"));
    assertThat(c.partitioning())
        .isEqualTo(
            new Partitioning(
                io.meshflow.contracts.model.SqlIdentifier.of("created_at"),
                Partitioning.Granularity.DAY,
                LocalDate.of(2026, 1, 1)));
    assertThat(c.schedule().timezone()).isEqualTo("Europe/Amsterdam");
    assertThat(c.fields())
        .extracting(f -> f.type())
        .containsExactly(
            FieldType.STRING,
            FieldType.STRING,
            FieldType.STRING,
            FieldType.DECIMAL,
            FieldType.INTEGER,
            FieldType.DOUBLE,
            FieldType.BOOLEAN,
            FieldType.DATE,
            FieldType.TIMESTAMP);
    assertThat(c.fields().get(0).primaryKey()).isTrue();
    assertThat(c.fields().get(0).nullable()).isFalse();
    assertThat(c.fields().get(1).masking()).isEqualTo(Masking.HASH);
    assertThat(c.fields().get(2).masking()).isEqualTo(Masking.REDACT);
    assertThat(c.fields().get(3).nullable()).isTrue();
    assertThat(c.checks())
        .extracting(q -> q.name())
        .containsExactly(
            "expect_column_values_to_not_be_null(order_id)",
            "expect_column_values_to_be_unique(order_id)",
            "expect_column_values_to_be_between(amount)",
            "expect_column_values_to_be_in_set(paid)",
            "expect_column_values_to_match_regex(order_id)",
            "enough_rows");
    var between = c.checks().get(2);
    assertThat(between.expectation()).isEqualTo(Expectation.EXPECT_COLUMN_VALUES_TO_BE_BETWEEN);
    assertThat(between.minValue()).isEqualTo("0");
    assertThat(between.maxValue()).isEqualTo("10000");
    assertThat(between.strictMin()).isTrue();
    assertThat(between.strictMax()).isFalse();
    assertThat(between.threshold()).isEqualTo(0.99);
    assertThat(between.severity()).isEqualTo(Severity.WARN);
    assertThat(c.checks().get(3).valueSet()).containsExactly("true", "false");
    assertThat(c.checks().get(5).column()).isNull();
    assertThat(c.lineage().downstream())
        .extracting(Object::toString)
        .containsExactly("billing.revenue");
    assertThat(c.access().policies()).containsExactly("PII-RED-ACT");
  }

  @Test
  void everyExpectationIsReadWithItsArguments() throws Exception {
    DataProductContract c =
        parser.parse(fixtures().resolve("valid/every_check.yaml"), "every_check.yaml");
    assertThat(c.checks())
        .extracting(q -> q.expectation())
        .containsOnly(Expectation.values())
        .hasSize(Expectation.values().length + 1);
    var byName = new java.util.HashMap<String, io.meshflow.contracts.model.QualityCheck>();
    c.checks().forEach(q -> byName.put(q.name(), q));
    assertThat(byName.get("expect_compound_columns_to_be_unique").columns())
        .extracting(Object::toString)
        .containsExactly("order_id", "line");
    assertThat(byName.get("freshness(created_at)").maxAgeSeconds()).isEqualTo(86400);
    assertThat(byName.get("expect_table_columns_to_match_set").exactMatch()).isFalse();
    assertThat(byName.get("expect_table_row_count_to_equal").value()).isEqualTo("10");
    assertThat(byName.get("expect_column_values_to_be_in_type_list(amount)").typeList())
        .containsExactly("decimal", "double");
    assertThat(byName.get("expect_column_values_to_be_of_type(amount)").typeName())
        .isEqualTo("decimal");
    assertThat(byName.get("no_negative_totals").comparison().describe()).isEqualTo("= 0");
    assertThat(byName.get("no_negative_totals").query())
        .isEqualTo("SELECT count(*) FROM {{ this }} WHERE amount < 0");
    assertThat(byName.get("few_lines").comparison().describe()).isEqualTo("between 1 and 10");
    assertThat(byName.get("expect_column_values_to_be_null(amount)").threshold()).isEqualTo(0.1);
  }

  @Test
  void emptyFileIsOneProblem() throws Exception {
    Path empty = Files.createTempFile("empty", ".yaml");
    assertThatThrownBy(() -> parser.parse(empty, "empty.yaml"))
        .isInstanceOf(ContractException.class)
        .hasMessage("1 contract problem:\n  empty.yaml: the file is empty");
  }

  @Test
  void problemsAreListedInFileOrderInTheMessage() throws Exception {
    ContractException e =
        catchThrowableOfType(
            ContractException.class,
            () -> parser.parse(fixtures().resolve("invalid/bad_values.yaml"), "bad.yaml"));
    assertThat(e.getMessage()).startsWith("5 contract problems:\n  bad.yaml:11: metadata.version:");
    assertThat(e.problems()).isSortedAccordingTo(Comparator.comparingInt(ContractProblem::line));
  }

  @Test
  void greatExpectationsValueMappingIsTheSameAsArgumentsBesideTheAssertion() throws Exception {
    DataProductContract c =
        parser.parse(fixtures().resolve("valid/value_form.yaml"), "value_form.yaml");
    assertThat(c.checks())
        .extracting(
            QualityCheck::name, QualityCheck::minValue, QualityCheck::maxValue, QualityCheck::value)
        .containsExactly(
            tuple("expect_column_values_to_be_between(event_ts)", "2023-01-01", "2025-12-31", null),
            tuple("amount_in_range", "0", "1000", null),
            tuple("amount_in_range_too", "0", "1000", null),
            tuple("expect_table_row_count_to_equal", null, null, "3"));
    QualityCheck beside = c.checks().get(1);
    QualityCheck inValue = c.checks().get(2);
    assertThat(inValue).usingRecursiveComparison().ignoringFields("name").isEqualTo(beside);
  }

  @Test
  void aNameInTheOrganisationsNamespaceNamesTheProductOfItsDomain() throws Exception {
    DataProductContract c =
        parser.parse(fixtures().resolve("valid/namespaced_name.yaml"), "namespaced_name.yaml");
    assertThat(c.id()).hasToString("orders.order_events");
    assertThat(c.id().qualifiedTable()).isEqualTo("\"orders\".\"order_events\"");
  }
}
