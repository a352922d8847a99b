package io.meshflow.orchestrator.stack;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import org.springframework.stereotype.Component;

/** The stack and mesh a long-running process ({@code meshflow dev}) serves over HTTP. */
@Component
public class StackHolder {
  private volatile MeshStack stack;
  private volatile Mesh mesh;
  private volatile GovernancePolicies policies = GovernancePolicies.none();

  public void set(MeshStack stack, Mesh mesh, GovernancePolicies policies) {
    this.stack = stack;
    this.mesh = mesh;
    this.policies = policies;
  }

  public GovernancePolicies policies() {
    return policies;
  }

  public MeshStack stack() {
    MeshStack s = stack;
    if (s == null) throw new StackException("the stack is not running yet");
    return s;
  }

  public Mesh mesh() {
    Mesh m = mesh;
    if (m == null) throw new StackException("the mesh is not loaded yet");
    return m;
  }
}
