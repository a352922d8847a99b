package io.meshflow.contracts.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read strictly: duplicate and unknown keys are reported with their lines, and every
 * typed read reports a wrong type at the value's line instead of throwing. Reads return {@code
 * null} for absent or unusable values, so parsing goes on and collects every problem.
 */
final class YamlMap {
  private final String path;
  private final Node node;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Map<String, String> keyPaths = new java.util.HashMap<>();

  private YamlMap(String path, Node node, Problems problems) {
    this.path = path;
    this.node = node;
    this.problems = problems;
  }

  /** Reads {@code node} as a mapping whose only keys may be {@code allowedKeys}. */
  static YamlMap of(Node node, String path, Problems problems, Set<String> allowedKeys) {
    return of(node, path, problems, allowedKeys, Map.of());
  }

  /**
   * As {@link #of(Node, String, Problems, Set)}, with keys that were moved into this mapping from
   * elsewhere reported at the paths they were written at ({@code keyPaths}).
   */
  static YamlMap of(
      Node node,
      String path,
      Problems problems,
      Set<String> allowedKeys,
      Map<String, String> keyPaths) {
    YamlMap map = new YamlMap(path, node, problems);
    map.keyPaths.putAll(keyPaths);
    if (!(node instanceof MappingNode mapping)) {
      problems.add(path, node, "expected a mapping, got " + describe(node));
      return map;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode scalarKey)) {
        problems.add(path, keyNode, "keys must be plain strings");
        continue;
      }
      String key = scalarKey.getValue();
      NodeTuple first = map.entries.putIfAbsent(key, tuple);
      if (first != null) {
        problems.add(
            map.pathOf(key),
            keyNode,
            "duplicate key '"
                + key
                + "' (first defined at line "
                + (first.getKeyNode().getStartMark().getLine() + 1)
                + ")");
      } else if (!allowedKeys.contains(key)) {
        problems.add(
            map.pathOf(key),
            keyNode,
            "unknown key '" + key + "' (allowed: " + String.join(", ", sorted(allowedKeys)) + ")");
      }
    }
    return map;
  }

  String path() {
    return path;
  }

  Node node() {
    return node;
  }

  Problems problems() {
    return problems;
  }

  boolean has(String key) {
    NodeTuple t = entries.get(key);
    return t != null && !isNull(t.getValueNode());
  }

  /**
   * Checks a document's {@code apiVersion} and {@code kind}: Meshflow's version, and {@code kind}.
   */
  void requireHeader(String kind) {
    String apiVersion = string("apiVersion", true);
    if (apiVersion != null && !ContractParser.API_VERSION.equals(apiVersion)) {
      problems.add(
          "apiVersion",
          node("apiVersion", false),
          "unsupported apiVersion '"
              + apiVersion
              + "' (expected "
              + ContractParser.API_VERSION
              + ")");
    }
    String actual = string("kind", true);
    if (actual != null && !kind.equals(actual)) {
      problems.add(
          "kind", node("kind", false), "unsupported kind '" + actual + "' (expected " + kind + ")");
    }
  }

  /** Whether {@code key} is written with no value ({@code key: null} or {@code key:}). */
  boolean isExplicitNull(String key) {
    NodeTuple t = entries.get(key);
    return t != null && isNull(t.getValueNode());
  }

  String pathOf(String key) {
    return keyPaths.getOrDefault(key, child(path, key));
  }

  /** The value node of {@code key}, or {@code null} (reporting it when required). */
  Node node(String key, boolean required) {
    NodeTuple t = entries.get(key);
    if (t == null || isNull(t.getValueNode())) {
      if (required) {
        problems.add(
            pathOf(key),
            t == null ? node : t.getValueNode(),
            "required key '" + key + "' is missing");
      }
      return null;
    }
    return t.getValueNode();
  }

  String string(String key, boolean required) {
    Node value = node(key, required);
    if (value == null) return null;
    if (!(value instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
      problems.add(pathOf(key), value, "expected a string, got " + describe(value));
      return null;
    }
    return scalar.getValue();
  }

  /** A string that must parse with {@code parser}; its exception message is the problem. */
  <T> T parsed(String key, boolean required, Function<String, T> parser) {
    String text = string(key, required);
    if (text == null) return null;
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      problems.add(pathOf(key), node(key, false), e.getMessage());
      return null;
    }
  }

  Boolean bool(String key) {
    Node value = node(key, false);
    if (value == null) return null;
    if (!(value instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
      problems.add(pathOf(key), value, "expected true or false, got " + describe(value));
      return null;
    }
    return Boolean.valueOf(scalar.getValue());
  }

  Double number(String key) {
    Node value = node(key, false);
    if (value == null) return null;
    if (value instanceof ScalarNode scalar
        && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
      try {
        return Double.valueOf(scalar.getValue());
      } catch (NumberFormatException e) {
        // falls through to the problem below
      }
    }
    problems.add(pathOf(key), value, "expected a number, got " + describe(value));
    return null;
  }

  /** A scalar of any type (string, number, boolean, date) as its text, e.g. a bound value. */
  String scalarText(String key) {
    Node value = node(key, false);
    if (value == null) return null;
    if (!(value instanceof ScalarNode scalar)) {
      problems.add(pathOf(key), value, "expected a single value, got " + describe(value));
      return null;
    }
    return scalar.getValue();
  }

  YamlMap map(String key, boolean required, Set<String> allowedKeys) {
    Node value = node(key, required);
    return value == null ? null : YamlMap.of(value, pathOf(key), problems, allowedKeys);
  }

  /** The items of a sequence, each with its path; empty when absent or not a sequence. */
  List<Item> list(String key, boolean required) {
    Node value = node(key, required);
    List<Item> items = new ArrayList<>();
    if (value == null) return items;
    if (!(value instanceof SequenceNode seq)) {
      problems.add(pathOf(key), value, "expected a list, got " + describe(value));
      return items;
    }
    for (int i = 0; i < seq.getValue().size(); i++) {
      items.add(new Item(pathOf(key) + "[" + i + "]", seq.getValue().get(i)));
    }
    return items;
  }

  /** A list of strings; non-string items are reported and skipped. */
  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Item item : list(key, false)) {
      if (item.node() instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
        out.add(s.getValue());
      } else {
        problems.add(item.path(), item.node(), "expected a string, got " + describe(item.node()));
      }
    }
    return out;
  }

  /** One element of a YAML list and its path, e.g. {@code spec.schema.fields[2]}. */
  record Item(String path, Node node) {}

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  static String describe(Node node) {
    if (node instanceof MappingNode) return "a mapping";
    if (node instanceof SequenceNode) return "a list";
    if (node instanceof ScalarNode s) {
      Tag tag = s.getTag();
      String kind =
          tag.equals(Tag.INT)
              ? "an integer"
              : tag.equals(Tag.FLOAT)
                  ? "a number"
                  : tag.equals(Tag.BOOL)
                      ? "a boolean"
                      : tag.equals(Tag.NULL)
                          ? "nothing"
                          : tag.equals(Tag.TIMESTAMP) ? "a date" : "a string";
      return kind + " '" + s.getValue() + "'";
    }
    return "an unknown node";
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
