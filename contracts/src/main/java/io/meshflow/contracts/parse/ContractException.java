package io.meshflow.contracts.parse;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when one or more contracts are invalid; carries every problem found, not just one. */
public class ContractException extends RuntimeException {
  private final List<ContractProblem> problems;

  public ContractException(List<ContractProblem> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " contract problem" : " contract problems")
            + ":\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ContractProblem> problems() {
    return problems;
  }
}
