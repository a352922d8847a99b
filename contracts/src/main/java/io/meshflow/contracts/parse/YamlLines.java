package io.meshflow.contracts.parse;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The line of every YAML path of a document, so later checks can point into the file. */
final class YamlLines {
  private YamlLines() {}

  static Map<String, Integer> index(Node root) {
    Map<String, Integer> lines = new HashMap<>();
    walk(root, "", lines);
    return Map.copyOf(lines);
  }

  private static void walk(Node node, String path, Map<String, Integer> lines) {
    lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
    if (node instanceof MappingNode mapping) {
      for (NodeTuple t : mapping.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode key) {
          String child = YamlMap.child(path, key.getValue());
          lines.putIfAbsent(child, t.getKeyNode().getStartMark().getLine() + 1);
          walk(t.getValueNode(), child, lines);
        }
      }
    } else if (node instanceof SequenceNode seq) {
      for (int i = 0; i < seq.getValue().size(); i++) {
        walk(seq.getValue().get(i), path + "[" + i + "]", lines);
      }
    }
  }
}
