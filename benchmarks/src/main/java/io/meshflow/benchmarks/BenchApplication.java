package io.meshflow.benchmarks;

import io.meshflow.orchestrator.cli.MeshflowCommand;
import io.meshflow.orchestrator.config.MeshflowProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import picocli.CommandLine;

/**
 * {@code ./meshflow bench ...}: Meshflow's command line with the {@code bench} command added, in a
 * jar of its own ({@code benchmarks/target/meshflow-bench.jar}), so that the product's jar carries
 * no benchmark.
 */
@SpringBootApplication(
    scanBasePackages = {
      "io.meshflow.benchmarks",
      "io.meshflow.orchestrator.cli",
      "io.meshflow.orchestrator.config",
      "io.meshflow.orchestrator.stack"
    })
@EnableConfigurationProperties(MeshflowProperties.class)
public class BenchApplication implements CommandLineRunner, ExitCodeGenerator {
  private final CommandLine.IFactory factory;
  private int exitCode;

  public BenchApplication(CommandLine.IFactory factory) {
    this.factory = factory;
  }

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(BenchApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    System.exit(SpringApplication.exit(app.run(args)));
  }

  /** The command line: Meshflow's, with {@code bench}. */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    return MeshflowCommand.commandLine(factory).addSubcommand(BenchCommand.class);
  }

  @Override
  public void run(String... args) {
    exitCode = commandLine(factory).execute(args);
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
