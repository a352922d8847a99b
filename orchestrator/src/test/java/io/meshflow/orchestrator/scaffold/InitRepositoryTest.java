package io.meshflow.orchestrator.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshflow.orchestrator.cli.CommandRunner;
import io.meshflow.orchestrator.cli.CommandRunner.Result;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meshflow init}: a domain repository that the next commands work in. */
class InitRepositoryTest {
  @TempDir Path home;

  Result run(Path mesh, Path governance, String... args) {
    return CommandRunner.run(
        new MeshflowProperties(home, mesh, governance, null, null, null), args);
  }

  @Test
  void aNewRepositoryHasItsDomainRulesCiAndLauncherAndNewWorksInIt() throws Exception {
    Path repo = home.resolve("shop");
    Result init =
        run(
            Path.of("../domains"),
            Path.of("../governance"),
            "init",
            repo.toString(),
            "--domain",
            "sales");
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(init.out())
        .isEqualTo(
            "made a domain repository in "
                + repo
                + ":\n"
                + "  README.md\n"
                + "  meshflow\n"
                + "  .gitignore\n"
                + "  domains/sales/README.md\n"
                + "  governance/access.yaml\n"
                + "  governance/mesh-rules.yaml\n"
                + "  .github/workflows/meshflow-contracts.yml\n"
                + "\n"
                + "next:\n"
                + "  cd "
                + repo
                + "\n"
                + "  ./meshflow new sales.<product> --from <sample.csv or .jsonl>\n"
                + "  ./meshflow validate\n"
                + "  ./meshflow publish sales.<product>\n");
    assertThat(repo.resolve("governance/mesh-rules.yaml"))
        .hasSameTextualContentAs(Path.of("../governance/mesh-rules.yaml"));
    assertThat(Files.isExecutable(repo.resolve("meshflow"))).isTrue();
    assertThat(Files.readString(repo.resolve("meshflow")))
        .contains("export MESHFLOW_MESH=\"${MESHFLOW_MESH:-$here/domains}\"")
        .contains(
            "exec \"${MESHFLOW_DIR:-"
                + Path.of("..").toAbsolutePath().normalize()
                + "}/meshflow\"");
    assertThat(Files.readString(repo.resolve(".github/workflows/meshflow-contracts.yml")))
        .contains("./meshflow validate --format junit");

    // the launcher's settings: the repository's domains and governance
    Result scaffold =
        run(
            repo.resolve("domains"),
            repo.resolve("governance"),
            "new",
            "sales.customers",
            "--from",
            "src/test/resources/scaffold/customers.csv");
    assertThat(scaffold.exitCode()).as(scaffold.out() + scaffold.err()).isZero();
    assertThat(repo.resolve("domains/sales/customers.yaml")).exists();

    Result again =
        run(
            Path.of("../domains"),
            Path.of("../governance"),
            "init",
            repo.toString(),
            "--domain",
            "sales");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err())
        .startsWith(repo.resolve("README.md") + ", " + repo.resolve("meshflow"))
        .endsWith(" exist: init writes a new repository and never overwrites; nothing written\n");
  }

  @Test
  void aDomainNameThatIsNoIdentifierIsRefused() {
    Result init =
        run(
            Path.of("../domains"),
            Path.of("../governance"),
            "init",
            home.resolve("x").toString(),
            "--domain",
            "Sales-EU");
    assertThat(init.exitCode()).isEqualTo(2);
    assertThat(init.err())
        .isEqualTo(
            "'Sales-EU' cannot name a domain (lower-case letters, digits and _, not starting with a"
                + " digit): give one with --domain\n");
    assertThat(home.resolve("x")).doesNotExist();
  }
}
