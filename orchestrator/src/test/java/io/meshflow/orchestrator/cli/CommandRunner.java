package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.config.MeshflowProperties;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Runs a command line as a user types it, without a Spring context, as {@code meshflow} runs every
 * command but the servers ({@link CommandFactory}).
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
    CommandLine.IFactory factory = new CommandFactory(properties);
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
