package io.meshflow.contracts.parse;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The one way Meshflow reads YAML — contracts, governance rules, OpenLineage's configuration:
 * SnakeYAML's safe constructor (plain data only, never a Java type named in the file), duplicate
 * keys refused, at most {@value #MAX_ALIASES} aliases (no "billion laughs") and at most {@value
 * #MAX_CODE_POINTS} code points per document. A problem is reported with the file and the line.
 */
public final class SafeYaml {
  static final int MAX_ALIASES = 20;
  static final int MAX_CODE_POINTS = 1 << 20;

  private SafeYaml() {}

  /** The node tree of {@code text}, or null for an empty document. */
  public static Node compose(String text, String display) {
    try {
      return yaml().compose(new StringReader(text));
    } catch (RuntimeException e) {
      throw invalid(e, display);
    }
  }

  /** {@code text} as plain Java data (maps, lists, strings, numbers), or null when empty. */
  public static Object load(String text, String display) {
    try {
      return yaml().load(text);
    } catch (RuntimeException e) {
      throw invalid(e, display);
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setCodePointLimit(MAX_CODE_POINTS);
    return new Yaml(new SafeConstructor(options));
  }

  private static ContractException invalid(RuntimeException e, String display) {
    int line = 0;
    String message = e.getMessage();
    if (e instanceof MarkedYAMLException marked) {
      line = marked.getProblemMark() == null ? 0 : marked.getProblemMark().getLine() + 1;
      message = marked.getProblem();
    }
    return new ContractException(
        List.of(new ContractProblem(display, "", line, "invalid YAML: " + message)));
  }
}
