package io.meshflow.contracts.lifecycle;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.mesh.MeshLoader.MeshReport;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.SourceRoots;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.contracts.parse.ContractParser;
import io.meshflow.contracts.parse.ContractProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code meshflow validate} checks: every contract under the given paths parses, its
 * references resolve (products, SQL models, source files), and it complies with the governance
 * rules. Folders are meshes ({@code <folder>/<domain>/*.yaml}); files are single contracts.
 */
public final class ContractValidator {

  /**
   * The outcome.
   *
   * @param contracts the contracts that parsed, by the name problems use for their file
   */
  public record Report(
      Map<String, DataProductContract> contracts,
      List<String> files,
      List<ContractProblem> problems) {
    public long errors() {
      return problems.stream().filter(ContractProblem::isError).count();
    }

    public long warnings() {
      return problems.size() - errors();
    }
  }

  private final GovernancePolicies policies;
  private final SourceRoots roots;

  public ContractValidator(GovernancePolicies policies) {
    this(policies, SourceRoots.meshOnly());
  }

  /** A validator whose contracts may read files from their mesh's folder and {@code roots}. */
  public ContractValidator(GovernancePolicies policies, SourceRoots roots) {
    this.policies = policies;
    this.roots = roots;
  }

  public Report validate(List<Path> paths) {
    Map<String, DataProductContract> contracts = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    List<ContractProblem> problems = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        MeshReport mesh = new MeshLoader(roots).check(path);
        problems.addAll(mesh.problems());
        mesh.problems()
            .forEach(
                p -> {
                  if (!files.contains(p.file())) files.add(p.file());
                });
        for (DataProductContract c : mesh.contracts().values()) {
          contracts.put(MeshReport.display(MeshLoader.domainsFolder(path), c.file()), c);
        }
      } else {
        String display = path.toString();
        files.add(display);
        try {
          // a contract file sits in <mesh>/<domain>/: its files stay inside that mesh
          Path domain = path.toAbsolutePath().normalize().getParent();
          Path mesh = domain.getParent() == null ? domain : domain.getParent();
          contracts.put(display, new ContractParser(mesh, roots).parse(path, display));
        } catch (ContractException e) {
          problems.addAll(e.problems());
        }
      }
    }
    contracts.forEach(
        (display, c) -> {
          if (!files.contains(display)) files.add(display);
          problems.addAll(policies.evaluate(c, display));
        });
    problems.sort(
        Comparator.comparing(ContractProblem::file).thenComparingInt(ContractProblem::line));
    files.sort(Comparator.naturalOrder());
    return new Report(contracts, files, problems);
  }
}
