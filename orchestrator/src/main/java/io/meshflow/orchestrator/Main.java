package io.meshflow.orchestrator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.meshflow.orchestrator.cli.CommandFactory;
import io.meshflow.orchestrator.cli.MeshflowCommand;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code meshflow}'s entry point. The servers ({@code dev}, {@code serve}, {@code worker}) run in
 * the Spring Boot application; every other command — most of them short, many joining a running
 * {@code dev} — runs on picocli alone, its configuration bound the way Spring binds it ({@code
 * meshflow.*} system properties, {@code MESHFLOW_*} variables) and its log levels those of {@code
 * application.properties}, so that it answers without starting a Spring context.
 */
public final class Main {
  static final Set<String> SERVERS = Set.of("dev", "serve", "worker");

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && SERVERS.contains(args[0])) {
      MeshflowApplication.main(args);
      return;
    }
    Properties application = applicationProperties();
    configureLogging(application);
    int code = MeshflowCommand.commandLine(new CommandFactory(properties())).execute(args);
    System.exit(code);
  }

  /** The configuration as the Spring application binds it, from the same sources. */
  static MeshflowProperties properties() {
    StandardEnvironment environment = new StandardEnvironment();
    ConfigurationPropertySources.attach(environment);
    return Binder.get(environment).bindOrCreate("meshflow", MeshflowProperties.class);
  }

  private static Properties applicationProperties() {
    Properties p = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/application.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** Logback with {@code application.properties}' levels and console pattern. */
  private static void configureLogging(Properties application) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(
        application.getProperty("logging.pattern.console", "%d %-5level %logger{36} - %msg%n"));
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    root.setLevel(Level.WARN);
    for (String key : application.stringPropertyNames()) {
      if (!key.startsWith("logging.level.")) continue;
      String name = key.substring("logging.level.".length());
      Level level = Level.toLevel(application.getProperty(key), Level.WARN);
      if (name.equals("root")) root.setLevel(level);
      else context.getLogger(name).setLevel(level);
    }
  }
}
