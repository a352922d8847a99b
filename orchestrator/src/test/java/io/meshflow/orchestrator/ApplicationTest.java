package io.meshflow.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The packaged application wires Spring and picocli together and exits with the command's code. */
class ApplicationTest {
  @Test
  void helpRunsWithoutAStackAndExitsZero() {
    String[] args = {"--help"};
    try (ConfigurableApplicationContext context = MeshflowApplication.application().run(args)) {
      assertThat(context.getBean(MeshflowApplication.class).commandLine().getSubcommands())
          .containsOnlyKeys(
              "init",
              "new",
              "publish",
              "runs",
              "checks",
              "schedules",
              "backfill",
              "validate",
              "compile",
              "export",
              "connect",
              "produce",
              "diff",
              "catalog",
              "lineage",
              "impact",
              "access",
              "query",
              "sla",
              "dev",
              "serve",
              "worker");
      assertThat(SpringApplication.exit(context)).isZero();
    }
  }

  @Test
  void unknownCommandExitsWithTheUsageCode() {
    String[] args = {"frobnicate"};
    try (ConfigurableApplicationContext context = MeshflowApplication.application().run(args)) {
      assertThat(SpringApplication.exit(context)).isEqualTo(2);
    }
  }
}
