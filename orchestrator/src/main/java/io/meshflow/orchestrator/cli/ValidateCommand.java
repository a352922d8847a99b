package io.meshflow.orchestrator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.lifecycle.ContractValidator;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractProblem;
import io.meshflow.orchestrator.catalog.ContractRegistry;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.DevStackFile;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow validate}: every contract problem and governance violation, for humans and CI.
 */
@Component
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Check contracts: format, references (products, SQL models, source files) and governance rules.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no errors (warnings allowed)",
      "1:at least one error",
      "2:the governance rules themselves are invalid"
    })
public class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Mesh folders or contract files (default: the mesh, ./domains).")
  List<Path> paths;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text, json or junit (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description = "Governance rules folder (default: meshflow.governance, else ./governance).")
  Path policies;

  /** Output formats. */
  public enum Format {
    TEXT,
    JSON,
    JUNIT
  }

  @Option(
      names = "--warehouse",
      description =
          "Also judge every check's regex with PostgreSQL, which runs it, on the warehouse this"
              + " home uses (started if it is the embedded one). On by default while `dev` runs"
              + " or a database URL is configured; registration always judges them.")
  boolean warehouse;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;

  public ValidateCommand(MeshflowProperties properties, StackLauncher launcher) {
    this.properties = properties;
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    GovernancePolicies rules;
    try {
      rules =
          new GovernanceLoader()
              .load(
                  policies != null
                      ? policies
                      : MeshOptions.governance(
                          paths != null && paths.size() == 1 ? paths.get(0) : properties.mesh(),
                          properties.governance()));
    } catch (ContractException e) {
      spec.commandLine()
          .getErr()
          .println(
              "the governance rules are invalid:\n"
                  + e.getMessage().lines().skip(1).reduce("", (a, b) -> a + b + "\n"));
      spec.commandLine().getErr().flush();
      return 2;
    }
    List<Path> targets = paths == null || paths.isEmpty() ? List.of(properties.mesh()) : paths;
    ContractValidator.Report report =
        new ContractValidator(rules, properties.sourceRoots()).validate(targets);
    boolean reachable =
        warehouse
            || (properties.database() != null && properties.database().external())
            || DevStackFile.running(properties.home()).isPresent();
    if (reachable && hasPatterns(report)) report = withPatternsJudged(report);
    switch (format) {
      case TEXT -> text(out, report);
      case JSON -> out.println(json(report));
      case JUNIT -> out.println(junit(report));
    }
    out.flush();
    return report.errors() > 0 ? 1 : 0;
  }

  private static boolean hasPatterns(ContractValidator.Report report) {
    return report.contracts().values().stream()
        .anyMatch(c -> c.checks().stream().anyMatch(k -> k.regex() != null));
  }

  /** The report, with every pattern PostgreSQL refuses as an error at its check's line. */
  private ContractValidator.Report withPatternsJudged(ContractValidator.Report report) {
    java.util.List<ContractProblem> problems = new java.util.ArrayList<>(report.problems());
    try (MeshStack stack = launcher.forCommand(new StackLauncher.Needs(false, List.of()))) {
      var products = stack.catalog().products();
      report
          .contracts()
          .forEach(
              (display, c) ->
                  problems.addAll(ContractRegistry.refusedPatterns(c, display, products)));
    }
    problems.sort(
        java.util.Comparator.comparing(ContractProblem::file)
            .thenComparingInt(ContractProblem::line));
    return new ContractValidator.Report(report.contracts(), report.files(), problems);
  }

  static void text(PrintWriter out, ContractValidator.Report report) {
    report.problems().forEach(out::println);
    out.printf(
        Locale.ROOT,
        "%s%d contract%s checked: %d error%s, %d warning%s%n",
        report.problems().isEmpty() ? "" : "\n",
        report.contracts().size(),
        report.contracts().size() == 1 ? "" : "s",
        report.errors(),
        report.errors() == 1 ? "" : "s",
        report.warnings(),
        report.warnings() == 1 ? "" : "s");
  }

  static String json(ContractValidator.Report report) throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("contracts", report.contracts().size());
    doc.put("errors", report.errors());
    doc.put("warnings", report.warnings());
    doc.put(
        "problems",
        report.problems().stream()
            .map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("file", p.file());
                  m.put("line", p.line());
                  m.put("path", p.yamlPath());
                  m.put("severity", p.isError() ? "error" : "warning");
                  m.put("rule", p.rule());
                  m.put("message", p.message());
                  return m;
                })
            .toList());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
  }

  /** One test case per contract file; each error a failure, warnings in its system-out. */
  static String junit(ContractValidator.Report report) throws XMLStreamException {
    StringWriter text = new StringWriter();
    XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(text);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeStartElement("testsuites");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "meshflow validate");
    xml.writeAttribute("tests", Integer.toString(report.files().size()));
    xml.writeAttribute(
        "failures",
        Long.toString(
            report.files().stream()
                .filter(
                    f ->
                        report.problems().stream().anyMatch(p -> p.file().equals(f) && p.isError()))
                .count()));
    for (String file : report.files()) {
      xml.writeStartElement("testcase");
      xml.writeAttribute("classname", "contracts");
      xml.writeAttribute("name", file);
      List<ContractProblem> problems =
          report.problems().stream().filter(p -> p.file().equals(file)).toList();
      for (ContractProblem p : problems) {
        if (!p.isError()) continue;
        xml.writeStartElement("failure");
        xml.writeAttribute("type", p.rule() == null ? "contract" : p.rule());
        xml.writeAttribute("message", p.toString());
        xml.writeCharacters(p.toString());
        xml.writeEndElement();
      }
      List<ContractProblem> warnings = problems.stream().filter(p -> !p.isError()).toList();
      if (!warnings.isEmpty()) {
        xml.writeStartElement("system-out");
        xml.writeCharacters(String.join("\n", warnings.stream().map(Object::toString).toList()));
        xml.writeEndElement();
      }
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    return text.toString();
  }
}
