package io.meshflow.orchestrator.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --json} option of the commands that print tables: the same data as one JSON document,
 * in the shape the HTTP API gives it (see docs/cli.md).
 */
final class JsonOption {
  @Option(
      names = "--json",
      description = "Print the result as JSON, in the shape the HTTP API gives it.")
  boolean on;
}
