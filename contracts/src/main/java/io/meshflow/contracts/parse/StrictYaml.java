package io.meshflow.contracts.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The contract parser's strictness for Meshflow's other YAML files (governance and access
 * policies): unknown and duplicate keys, wrong types and missing keys are all collected with path
 * and line, and reported together.
 */
public final class StrictYaml {
  private StrictYaml() {}

  /** A mapping of the document, read strictly. */
  public static final class Element {
    private final YamlMap map;

    private Element(YamlMap map) {
      this.map = map;
    }

    public String string(String key, boolean required) {
      return map.string(key, required);
    }

    public Element map(String key, boolean required, Set<String> keys) {
      YamlMap child = map.map(key, required, keys);
      return child == null ? null : new Element(child);
    }

    /** The mappings of a list, each allowed only {@code keys}. */
    public List<Element> list(String key, boolean required, Set<String> keys) {
      List<Element> out = new ArrayList<>();
      for (YamlMap.Item item : map.list(key, required)) {
        out.add(new Element(YamlMap.of(item.node(), item.path(), map.problems(), keys)));
      }
      return out;
    }

    /** A list of strings; empty when absent. */
    public List<String> strings(String key) {
      return map.strings(key);
    }

    public void requireEquals(String key, String expected) {
      String value = map.string(key, true);
      if (value != null && !value.equals(expected)) {
        problem(key, "expected '" + expected + "', got '" + value + "'");
      }
    }

    public void problem(String key, String message) {
      map.problems()
          .add(
              map.pathOf(key),
              map.node(key, false) == null ? map.node() : map.node(key, false),
              message);
    }

    public int line() {
      return map.node().getStartMark().getLine() + 1;
    }
  }

  /**
   * The {@code kind} a YAML file declares at its top, or null when it declares none or is
   * unreadable.
   */
  public static String kind(Path file) {
    try {
      Node root = SafeYaml.compose(Files.readString(file, StandardCharsets.UTF_8), file.toString());
      if (!(root instanceof org.yaml.snakeyaml.nodes.MappingNode map)) return null;
      for (org.yaml.snakeyaml.nodes.NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k
            && k.getValue().equals("kind")
            && t.getValueNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode v) {
          return v.getValue();
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Reads {@code file} with {@code reader}; throws every problem found, or returns its result. */
  public static <T> T read(
      Path file, String display, Set<String> topKeys, Function<Element, T> reader) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ContractException(
          List.of(new ContractProblem(display, "", 0, "cannot read file: " + e.getMessage())));
    }
    Node root = SafeYaml.compose(text, display);
    if (root == null) {
      throw new ContractException(
          List.of(new ContractProblem(display, "", 0, "the file is empty")));
    }
    Problems problems = new Problems(display);
    T result = reader.apply(new Element(YamlMap.of(root, "", problems, topKeys)));
    if (!problems.isEmpty()) throw new ContractException(problems.list());
    return result;
  }
}
