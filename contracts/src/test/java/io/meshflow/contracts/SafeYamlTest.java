package io.meshflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import io.meshflow.contracts.parse.SafeYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every YAML Meshflow reads goes through one loader with the same limits. */
class SafeYamlTest {
  @TempDir Path dir;

  static final String LAUGHS =
      """
      a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      """;

  @Test
  void governanceRulesWithAnAliasBombAreRefusedWithTheirLine() throws Exception {
    Path rules = dir.resolve("mesh-rules.yaml");
    Files.writeString(rules, LAUGHS);
    ContractException e =
        catchThrowableOfType(
            ContractException.class, () -> new GovernanceLoader().load(rules.getParent()));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .singleElement()
        .asString()
        .contains("mesh-rules.yaml")
        .contains(
            "invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=20");
  }

  @Test
  void plainDataWithADuplicateKeyIsRefusedWithItsLine() {
    ContractException e =
        catchThrowableOfType(
            ContractException.class,
            () ->
                SafeYaml.load(
                    "transport:\n  type: console\ntransport:\n  type: http\n", "openlineage.yml"));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .containsExactly("openlineage.yml:3: invalid YAML: found duplicate key transport");
  }

  @Test
  void aDocumentOverTheSizeLimitIsRefused() {
    String big = "k: \"" + "x".repeat((1 << 20) + 10) + "\"\n";
    ContractException e =
        catchThrowableOfType(ContractException.class, () -> SafeYaml.load(big, "big.yaml"));
    assertThat(e.problems())
        .extracting(ContractProblem::toString)
        .singleElement()
        .asString()
        .startsWith("big.yaml")
        .contains("The incoming YAML document exceeds the limit: 1048576 code points.");
  }
}
