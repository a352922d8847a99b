package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;

/** Starts what {@code meshflow serve} starts, without waiting for a shutdown, for tests. */
public final class ServeCommandAccess {
  private ServeCommandAccess() {}

  public static ServeCommand.Serving start(
      MeshflowProperties properties,
      List<String> domains,
      Mesh mesh,
      GovernancePolicies policies,
      PrintWriter out) {
    ServeCommand serve = new ServeCommand(properties, new StackLauncher(properties), null);
    serve.domains = List.copyOf(domains);
    return serve.start(mesh, policies, out);
  }
}
