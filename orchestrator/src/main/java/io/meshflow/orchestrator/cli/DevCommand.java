package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.orchestrator.access.AccessReconciler;
import io.meshflow.orchestrator.api.ApiServer;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.schedule.ScheduleReconciler;
import io.meshflow.orchestrator.security.ApiTokens;
import io.meshflow.orchestrator.stack.DevStackFile;
import io.meshflow.orchestrator.stack.EmbeddedDatabase;
import io.meshflow.orchestrator.stack.MeshServices;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow dev}: the embedded stack, kept running, for other commands and processes to use.
 */
@Component
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run the embedded stack until stopped (Ctrl-C), for other commands to join.",
      "",
      "Temporal's test server on a local port, PostgreSQL, every domain's worker, the platform "
          + "worker and the HTTP API. Other ./meshflow commands on the same home then act as "
          + "its clients."
    })
public class DevCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Option(
      names = "--temporal-port",
      defaultValue = "7233",
      description = "Temporal frontend port (default ${DEFAULT-VALUE}).")
  int temporalPort;

  @Option(
      names = "--postgres-port",
      defaultValue = "0",
      description = "PostgreSQL port (default: any free port).")
  int postgresPort;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;
  private final ConfigurableApplicationContext context;

  public DevCommand(
      MeshflowProperties properties,
      StackLauncher launcher,
      ConfigurableApplicationContext context) {
    this.properties = properties;
    this.launcher = launcher;
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Mesh> mesh = meshOptions.load(properties, spec.commandLine().getErr());
    if (mesh.isEmpty()) return 2;
    Optional<GovernancePolicies> loaded =
        meshOptions.policies(properties, spec.commandLine().getErr());
    if (loaded.isEmpty()) return 2;
    GovernancePolicies policies = loaded.get();
    int pgPort = postgresPort > 0 ? postgresPort : EmbeddedDatabase.stablePort(properties.home());
    MeshStack stack = launcher.dev(StackLauncher.Needs.toRun(mesh.get()), temporalPort, pgPort);
    stack.notices().forEach(out::println);
    ConfigurableApplicationContext api;
    try {
      MeshServices services = stack.services();
      PublishService publishing = services.publishing(mesh.get(), policies);
      // the dev server keeps its workflows in memory: every start brings the schedules back
      new ScheduleReconciler(services.client(), services.catalog().schedules(), publishing)
          .reconcile(mesh.get())
          .forEach(
              a ->
                  out.printf(
                      "schedule %s: %s (%s %s)%n", a.what(), a.product(), a.cron(), a.timezone()));
      // the monitors lived in the last dev's memory: each starts again from the catalog
      services
          .slaMonitors()
          .reconcile(mesh.get())
          .forEach(a -> out.println("sla monitor " + a.what() + ": " + a.product()));
      // contracts may have changed while dev was down: their grants follow them now
      new AccessReconciler(services.warehouse(), policies.access())
          .reconcile(mesh.get())
          .forEach(change -> out.println("access " + change));
      // dev keeps the API's token in its home, for the commands and pages that join it
      api =
          ApiServer.start(context, services, publishing, Map.of("meshflow.api.home-token", "true"));
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    int httpPort = ApiServer.port(api);
    new DevStackFile(ProcessHandle.current().pid(), temporalPort, pgPort, httpPort)
        .write(properties.home());
    UntilStopped stopped =
        new UntilStopped(
            () -> {
              api.close();
              DevStackFile.delete(properties.home());
              stack.close();
            });
    out.printf(
        "meshflow dev is running (pid %d); stop it with Ctrl-C%n", ProcessHandle.current().pid());
    out.printf("  Temporal    localhost:%d (namespace default)%n", temporalPort);
    out.printf(
        "  PostgreSQL  jdbc:postgresql://localhost:%d/postgres (user postgres), data in %s%n",
        pgPort, properties.home().resolve("postgres"));
    if (!mesh.get().kafkaTopics().isEmpty() && stack.services().kafkaServers() != null) {
      out.printf("  Kafka       %s%n", stack.services().kafkaServers());
    }
    out.printf("  HTTP API    http://localhost:%d/api/v1/products%n", httpPort);
    out.printf(
        "              (bearer token in %s)%n",
        properties.home().resolve(ApiTokens.HOME_TOKEN_FILE));
    out.printf(
        "  workers     %s, platform%n",
        String.join(", ", mesh.get().domains().stream().map(d -> "meshflow.domain." + d).toList()));
    out.flush();
    stopped.await();
    return 0;
  }
}
