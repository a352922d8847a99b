package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.export.GreatExpectationsSuite;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meshflow export}: a product's checks in another tool's format. */
@Component
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write a product's checks as a Great Expectations expectation suite (GE 1.x JSON: the same",
      "expectation names and kwargs; what GE cannot express is listed in meta.meshflow.not_exported).",
      "  meshflow export orders.order_events --format great-expectations",
      "  meshflow export orders.order_events --format great-expectations -o suite.json"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:the mesh, the product or the output cannot be read or written"})
public class ExportCommand implements Callable<Integer> {
  /** The formats a product's checks can be written in. */
  public enum Format {
    GREAT_EXPECTATIONS
  }

  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Parameters(paramLabel = "PRODUCT", description = "The product, e.g. orders.order_events.")
  String product;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      converter = FormatConverter.class,
      description = "great-expectations")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to this file (default: standard output).")
  Path output;

  private final MeshflowProperties properties;

  public ExportCommand(MeshflowProperties properties) {
    this.properties = properties;
  }

  /** Reads {@code great-expectations} as the format. */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      if (value.equals("great-expectations")) return Format.GREAT_EXPECTATIONS;
      throw new picocli.CommandLine.TypeConversionException(
          "unknown format '" + value + "' (expected great-expectations)");
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Mesh> mesh = meshOptions.load(properties, err);
    if (mesh.isEmpty()) return 2;
    Optional<DataProductContract> found = MeshOptions.product(mesh.get(), product, err);
    if (found.isEmpty()) return 2;
    String json = Formats.json(GreatExpectationsSuite.of(found.get()));
    if (output == null) {
      out.println(json);
      out.flush();
      return 0;
    }
    try {
      Files.writeString(output, json + "\n");
    } catch (IOException e) {
      err.println("cannot write " + output + ": " + e.getClass().getSimpleName());
      err.flush();
      return 2;
    }
    out.println("wrote " + output);
    out.flush();
    return 0;
  }
}
