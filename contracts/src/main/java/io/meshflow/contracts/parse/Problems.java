package io.meshflow.contracts.parse;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one file, so that all of them are reported at once. */
final class Problems {
  private final String file;
  private final List<ContractProblem> list = new ArrayList<>();
  private final List<ContractProblem> others = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(String path, Node at, String message) {
    add(path, at == null ? 0 : at.getStartMark().getLine() + 1, message);
  }

  void add(String path, int line, String message) {
    list.add(new ContractProblem(file, path, line, message));
  }

  /** Problems of another file this one depends on (a domain's source declarations). */
  void addOther(List<ContractProblem> problems) {
    others.addAll(problems);
  }

  boolean isEmpty() {
    return list.isEmpty() && others.isEmpty();
  }

  /** The problems in line order (stable, so problems of one line keep the order found). */
  List<ContractProblem> list() {
    List<ContractProblem> all =
        new ArrayList<>(
            list.stream()
                .sorted(java.util.Comparator.comparingInt(ContractProblem::line))
                .toList());
    all.addAll(others);
    return all;
  }

  String file() {
    return file;
  }
}
