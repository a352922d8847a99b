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
 * Meshflow's entry point: a Spring Boot application whose command line is picocli's. Only {@code
 * meshflow dev} and {@code meshflow serve} serve HTTP; every other command runs without a web
 * server and exits.
 */
@SpringBootApplication
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
    ConfigurableApplicationContext context = application(args).run(args);
    // a stopped dev, serve or worker returns after the shutdown hooks closed the context
    System.exit(context.isActive() ? SpringApplication.exit(context) : lastExitCode);
  }

  /** The application configured for {@code args}: with a web server for dev and serve only. */
  public static SpringApplication application(String[] args) {
    SpringApplication app = new SpringApplication(MeshflowApplication.class);
    boolean serves = args.length > 0 && (args[0].equals("dev") || args[0].equals("serve"));
    app.setWebApplicationType(serves ? WebApplicationType.SERVLET : WebApplicationType.NONE);
    // the API's authentication is wired before the command runs, so the command line's say on it
    // is read here: dev keeps a token in its home, serve --insecure turns authentication off
    java.util.Map<String, Object> defaults = new java.util.HashMap<>();
    if (args.length > 0 && args[0].equals("dev")) defaults.put("meshflow.api.home-token", "true");
    if (serves && java.util.Arrays.asList(args).contains("--insecure")) {
      defaults.put("meshflow.api.insecure", "true");
    }
    app.setDefaultProperties(defaults);
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
