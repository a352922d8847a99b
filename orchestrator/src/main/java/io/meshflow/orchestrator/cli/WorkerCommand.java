package io.meshflow.orchestrator.cli;

import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow worker}: one domain's worker process, joining a running or configured Temporal.
 */
@Component
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run the worker of one or more domains (task queue meshflow.domain.<domain>) until stopped.",
      "Joins a running ./meshflow dev, or the Temporal and PostgreSQL set by",
      "MESHFLOW_TEMPORAL_TARGET and MESHFLOW_DATABASE_URL."
    })
public class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      description = "A domain to serve (repeatable).")
  List<String> domains = List.of();

  @Option(
      names = "--platform",
      description = "Also serve the platform's catalog activities (meshflow.platform).")
  boolean platform;

  private final StackLauncher launcher;

  public WorkerCommand(StackLauncher launcher) {
    this.launcher = launcher;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (domains.isEmpty() && !platform) {
      spec.commandLine().getErr().println("give at least one --domain, or --platform");
      spec.commandLine().getErr().flush();
      return 2;
    }
    MeshStack stack = launcher.worker(domains, platform);
    UntilStopped stopped = new UntilStopped(stack::close);
    out.printf(
        "meshflow worker polling %s%s; stop it with Ctrl-C%n",
        String.join(", ", domains.stream().map(d -> "meshflow.domain." + d).toList()),
        platform ? (domains.isEmpty() ? "meshflow.platform" : " and meshflow.platform") : "");
    out.flush();
    stopped.await();
    return 0;
  }
}
