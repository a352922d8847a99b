package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernanceLoader;
import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.mesh.MeshLoader;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.contracts.model.ProductId;
import io.meshflow.contracts.parse.ContractException;
import io.meshflow.orchestrator.config.MeshflowProperties;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --mesh} option, shared by the commands that read contracts. */
final class MeshOptions {
  @Option(
      names = "--mesh",
      paramLabel = "DIR",
      description =
          "Folder of domains and their contracts (default: meshflow.mesh, else ./domains).")
  Path mesh;

  /** The product named {@code name} in {@code mesh}; empty for an unknown or malformed name. */
  static Optional<DataProductContract> product(Mesh mesh, String name) {
    try {
      return mesh.product(ProductId.parse(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The governance rules a mesh is judged by: a repository laid out as the guide lays it out
   * ({@code domains/} and {@code governance/} side by side) carries its own; any other mesh is
   * judged by the platform's ({@code meshflow.governance}).
   */
  static Path governance(Path meshFolder, Path configured) {
    return GovernanceLoader.folderFor(meshFolder, configured);
  }

  /**
   * The product named {@code name} in {@code mesh}; empty, having said so on {@code err}, if none.
   */
  static Optional<DataProductContract> product(Mesh mesh, String name, PrintWriter err) {
    Optional<DataProductContract> found = product(mesh, name);
    if (found.isEmpty()) {
      err.println(
          "unknown product '"
              + name
              + "'; the mesh in "
              + mesh.root()
              + " has: "
              + String.join(", ", mesh.products().stream().map(p -> p.id().toString()).toList()));
      err.flush();
    }
    return found;
  }

  /** Loads the governance rules of the mesh, or prints their problems and returns empty. */
  Optional<GovernancePolicies> policies(MeshflowProperties properties, PrintWriter err) {
    Path folder = governance(mesh != null ? mesh : properties.mesh(), properties.governance());
    try {
      return Optional.of(new GovernanceLoader().load(folder));
    } catch (ContractException e) {
      err.println("the governance rules are invalid:\n" + e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }

  /** Loads the mesh, or prints every contract problem and returns empty. */
  Optional<Mesh> load(MeshflowProperties properties, PrintWriter err) {
    Path root = mesh != null ? mesh : properties.mesh();
    try {
      return Optional.of(new MeshLoader(properties.sourceRoots()).load(root));
    } catch (ContractException e) {
      err.println(e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }
}
