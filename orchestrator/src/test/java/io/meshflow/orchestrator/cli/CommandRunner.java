package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs a command line as a user types it, without a Spring context: each command gets its
 * constructor's arguments (the configuration and a stack launcher over it) by hand.
 */
public final class CommandRunner {
  /** What a command printed and its exit code. */
  public record Result(int exitCode, String out, String err) {}

  private CommandRunner() {}

  /** Runs {@code args} on the command line {@code cli} builds from a factory. */
  public static Result run(
      MeshflowProperties properties,
      Function<CommandLine.IFactory, CommandLine> cli,
      String... args) {
    Map<Class<?>, Object> beans =
        Map.of(
            MeshflowProperties.class,
            properties,
            StackLauncher.class,
            new StackLauncher(properties));
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type.getConstructors().length != 1
                || type.getConstructors()[0].getParameterCount() == 0) {
              return CommandLine.defaultFactory().create(type);
            }
            var constructor = type.getConstructors()[0];
            Object[] values = new Object[constructor.getParameterCount()];
            for (int i = 0; i < values.length; i++) {
              values[i] = beans.get(constructor.getParameterTypes()[i]);
            }
            return type.cast(constructor.newInstance(values));
          }
        };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = cli.apply(factory);
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    int code = line.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs {@code args} on Meshflow's command line. */
  public static Result run(MeshflowProperties properties, String... args) {
    return run(properties, MeshflowCommand::commandLine, args);
  }
}
