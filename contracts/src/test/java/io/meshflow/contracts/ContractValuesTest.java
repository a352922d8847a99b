package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshflow.contracts.model.ModelTemplate;
import io.meshflow.contracts.model.PartitionWindow;
import io.meshflow.contracts.model.Partitioning.Granularity;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.model.SemanticVersion;
import io.meshflow.contracts.model.SqlIdentifier;
import io.meshflow.contracts.parse.ContractValues;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContractValuesTest {
  @Test
  void durationsUseOneUnit() {
    assertThat(ContractValues.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ContractValues.duration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(ContractValues.duration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ContractValues.duration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(ContractValues.durationText(Duration.ofMinutes(90))).isEqualTo("90m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"15", "15 m", "0m", "1w", "1.5h", "-1h", "PT15M", ""})
  void badDurationsAreRejected(String text) {
    assertThatThrownBy(() -> ContractValues.duration(text))
        .hasMessage(
            "invalid duration '"
                + text
                + "' (expected a positive whole number and a unit s, m, h or d, e.g. 15m)");
  }

  @Test
  void percentagesAreZeroToHundred() {
    assertThat(ContractValues.percent("99.9%")).isEqualTo(99.9);
    assertThat(ContractValues.percent("100%")).isEqualTo(100.0);
    assertThat(ContractValues.percent("0%")).isEqualTo(0.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"99.9", "100.1%", "%", "-1%", "99,9%", "1e2%"})
  void badPercentagesAreRejected(String text) {
    assertThatThrownBy(() -> ContractValues.percent(text))
        .hasMessageStartingWith("invalid percentage '" + text + "'");
  }

  @Test
  void semanticVersionsParseAndOrder() {
    assertThat(SemanticVersion.parse("2.1.0")).isEqualTo(new SemanticVersion(2, 1, 0, null, null));
    assertThat(SemanticVersion.parse("1.0.0-rc.1").compareTo(SemanticVersion.parse("1.0.0")))
        .isNegative();
    assertThat(SemanticVersion.parse("1.10.0").compareTo(SemanticVersion.parse("1.9.9")))
        .isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.0", "01.0.0", "1.0.0.0", "v1.0.0", "1.0.0-", "latest"})
  void badVersionsAreRejected(String text) {
    assertThatThrownBy(() -> SemanticVersion.parse(text))
        .hasMessageStartingWith("invalid semantic version '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Orders", "1abc", "a-b", "a b", "a\"b", "x;drop table y"})
  void identifiersThatWouldNeedEscapingAreRejected(String text) {
    assertThatThrownBy(() -> SqlIdentifier.of(text)).hasMessageStartingWith("invalid identifier");
  }

  @Test
  void productIdsNameTheirTable() {
    ProductId id = ProductId.parse("orders.order_events");
    assertThat(id.qualifiedTable()).isEqualTo("\"orders\".\"order_events\"");
    assertThatThrownBy(() -> ProductId.parse("orders"))
        .hasMessageContaining("expected <domain>.<name>");
    assertThatThrownBy(() -> ProductId.parse("a.b.c"))
        .hasMessageContaining("expected <domain>.<name>");
  }

  @Test
  void partitionKeysGiveTheirUtcWindow() {
    var day =
        io.meshflow.contracts.model.PartitionWindow.of(
            io.meshflow.contracts.model.Partitioning.Granularity.DAY, "2026-03-14");
    assertThat(day)
        .isEqualTo(
            new io.meshflow.contracts.model.PartitionWindow(
                "2026-03-14", "2026-03-14T00:00:00Z", "2026-03-15T00:00:00Z"));
    assertThat(day.tableSuffix()).isEqualTo("20260314");
    assertThat(
            io.meshflow.contracts.model.PartitionWindow.of(
                    io.meshflow.contracts.model.Partitioning.Granularity.HOUR, "2026-03-14T23")
                .end())
        .isEqualTo("2026-03-15T00:00:00Z");
    assertThat(
            io.meshflow.contracts.model.PartitionWindow.of(
                    io.meshflow.contracts.model.Partitioning.Granularity.MONTH, "2026-12")
                .end())
        .isEqualTo("2027-01-01T00:00:00Z");
    assertThatThrownBy(
            () ->
                io.meshflow.contracts.model.PartitionWindow.of(
                    io.meshflow.contracts.model.Partitioning.Granularity.DAY, "2026-03"))
        .hasMessage("invalid day partition '2026-03' (expected e.g. 2026-03-14)");
    assertThat(
            ModelTemplate.render(
                "WHERE t >= {{ partition_start }} AND t < {{partition_end}}",
                null,
                ProductId::qualifiedTable,
                day))
        .isEqualTo(
            "WHERE t >= TIMESTAMPTZ '2026-03-14T00:00:00Z' AND t < TIMESTAMPTZ '2026-03-15T00:00:00Z'");
    assertThatThrownBy(
            () ->
                ModelTemplate.render(
                    "WHERE t >= {{ partition_start }}", null, ProductId::qualifiedTable))
        .hasMessage("the model uses {{ partition_start }} but the run has no partition");
  }

  @Test
  void partitionsOfOneGranularityCoverAWindowOfAnother() {
    var day = PartitionWindow.of(Granularity.DAY, "2026-03-14");
    assertThat(PartitionWindow.covering(Granularity.DAY, day)).containsExactly("2026-03-14");
    assertThat(PartitionWindow.covering(Granularity.MONTH, day)).containsExactly("2026-03");
    assertThat(PartitionWindow.covering(Granularity.HOUR, day))
        .hasSize(24)
        .startsWith("2026-03-14T00")
        .endsWith("2026-03-14T23");
    assertThat(
            PartitionWindow.covering(
                Granularity.DAY, PartitionWindow.of(Granularity.MONTH, "2026-02")))
        .hasSize(28)
        .startsWith("2026-02-01")
        .endsWith("2026-02-28");
    assertThat(
            PartitionWindow.latestComplete(Granularity.DAY, Instant.parse("2026-03-01T00:00:00Z")))
        .isEqualTo(PartitionWindow.of(Granularity.DAY, "2026-02-28"));
    assertThat(
            PartitionWindow.latestComplete(Granularity.HOUR, Instant.parse("2026-03-14T10:59:59Z"))
                .key())
        .isEqualTo("2026-03-14T09");
    assertThat(
            PartitionWindow.latestComplete(Granularity.MONTH, Instant.parse("2026-01-15T00:00:00Z"))
                .key())
        .isEqualTo("2025-12");
    assertThat(PartitionWindow.keyAt(Granularity.HOUR, Instant.parse("2026-03-14T23:59:59Z")))
        .isEqualTo("2026-03-14T23");
  }

  @Test
  void modelTemplatesRenderSourceAndRefs() {
    String sql =
        "SELECT * FROM {{ source() }} s JOIN {{ref(\"a.b\")}} r USING (id) JOIN {{ ref('c.d') }} USING (id)";
    assertThat(ModelTemplate.refs(sql)).extracting(Object::toString).containsExactly("a.b", "c.d");
    assertThat(ModelTemplate.render(sql, "stage.src", ProductId::qualifiedTable))
        .isEqualTo(
            "SELECT * FROM stage.src s JOIN \"a\".\"b\" r USING (id) JOIN \"c\".\"d\" USING (id)");
    assertThat(ModelTemplate.problems("SELECT {{ ref('Bad') }}"))
        .containsExactly(
            "line 1: invalid product id 'Bad' (expected <domain>.<name>, e.g. orders.order_events)");
  }

  @Test
  void aRefMayNameDomainAndProductApartAsDbtDoes() {
    String sql =
        "SELECT * FROM {{ ref('orders', 'order_events') }} JOIN {{ref( \"a\" ,\"b\" )}} USING (id)";
    assertThat(ModelTemplate.refs(sql))
        .extracting(Object::toString)
        .containsExactly("orders.order_events", "a.b");
    assertThat(ModelTemplate.render(sql, null, ProductId::qualifiedTable))
        .isEqualTo("SELECT * FROM \"orders\".\"order_events\" JOIN \"a\".\"b\" USING (id)");
    assertThat(ModelTemplate.problems(sql)).isEmpty();
    assertThat(ModelTemplate.problems("SELECT 1\nFROM {{ ref('Orders', 'x') }}"))
        .singleElement()
        .asString()
        .startsWith("line 2: ");
    assertThat(
            ModelTemplate.problems("SELECT {{ ref() }}, {{ ref('a', 'b', 'c') }}, {{ ref('a',) }}"))
        .hasSize(3)
        .containsExactly(
            "line 1: ref() takes 'domain.product' or 'domain', 'product'",
            "line 1: ref() takes 'domain.product' or 'domain', 'product'",
            "line 1: invalid product id 'a' (expected <domain>.<name>, e.g. orders.order_events)");
  }
}
