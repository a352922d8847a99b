package io.meshflow.orchestrator;

import io.meshflow.orchestrator.cli.MeshflowCommand;
import io.meshflow.orchestrator.config.MeshflowProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * Meshflow's entry point: a Spring Boot application whose command line is picocli's. It runs
 * without a web server: {@code meshflow dev} and {@code meshflow serve} start the HTTP API ({@link
 * io.meshflow.orchestrator.api.ApiServer}) themselves, once their stack is up.
 */
@SpringBootApplication(
    scanBasePackages = {
      "io.meshflow.orchestrator.cli",
      "io.meshflow.orchestrator.config",
      "io.meshflow.orchestrator.stack"
    })
@EnableConfigurationProperties(MeshflowProperties.class)
public class MeshflowApplication implements CommandLineRunner, ExitCodeGenerator {
  private final CommandLine.IFactory factory;
  private int exitCode;

  /** The command's exit code, for when the context is closed before main asks for it. */
  private static volatile int lastExitCode;

  public MeshflowApplication(CommandLine.IFactory factory) {
    this.factory = factory;
  }

  public static void main(String[] args) {
    ConfigurableApplicationContext context = application().run(args);
    // a stopped dev, serve or worker returns after the shutdown hooks closed the context
    System.exit(context.isActive() ? SpringApplication.exit(context) : lastExitCode);
  }

  /** The application, configured: no web server (dev and serve start the API themselves). */
  public static SpringApplication application() {
    SpringApplication app = new SpringApplication(MeshflowApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    return app;
  }

  @Override
  public void run(String... args) {
    exitCode = commandLine().execute(args);
    lastExitCode = exitCode;
  }

  public CommandLine commandLine() {
    return MeshflowCommand.commandLine(factory);
  }

  @Override
  public int getExitCode() {
    return exitCode;
  }
}
