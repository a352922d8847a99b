package io.meshflow.orchestrator.cli;

import org.springframework.stereotype.Component;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; {@code ./meshflow --help} lists the others. */
@Component
@Command(
    name = "meshflow",
    mixinStandardHelpOptions = true,
    version = "Meshflow 0.1.0",
    description = "Contract-driven data products on Temporal.",
    subcommands = {
      PublishCommand.class,
      RunsCommand.class,
      ChecksCommand.class,
      SchedulesCommand.class,
      BackfillCommand.class,
      InitCommand.class,
      NewCommand.class,
      ValidateCommand.class,
      CompileCommand.class,
      ExportCommand.class,
      ConnectCommand.class,
      ProduceCommand.class,
      DiffCommand.class,
      CatalogCommand.class,
      LineageCommand.class,
      ImpactCommand.class,
      AccessCommand.class,
      QueryCommand.class,
      SlaCommand.class,
      DevCommand.class,
      ServeCommand.class,
      WorkerCommand.class
    })
public class MeshflowCommand {

  /** The command line as users get it: sub-commands from {@code factory}, enums in any case. */
  public static CommandLine commandLine(CommandLine.IFactory factory) {
    return new CommandLine(MeshflowCommand.class, factory)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(new CommandFailures());
  }
}
