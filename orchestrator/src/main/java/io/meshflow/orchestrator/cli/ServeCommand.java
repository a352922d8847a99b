package io.meshflow.orchestrator.cli;

import io.meshflow.contracts.governance.GovernancePolicies;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.orchestrator.api.ApiServer;
import io.meshflow.orchestrator.config.MeshflowProperties;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.orchestrator.schedule.ScheduleReconciler;
import io.meshflow.orchestrator.security.ApiAuthProperties;
import io.meshflow.orchestrator.stack.MeshServices;
import io.meshflow.orchestrator.stack.MeshStack;
import io.meshflow.orchestrator.stack.StackLauncher;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meshflow serve}: the orchestrator of a deployment — HTTP API, platform worker, schedules —
 * against the configured Temporal and PostgreSQL; domain workers run beside it or on their own.
 */
@Component
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a deployment until stopped: HTTP API, platform worker and schedules.",
      "",
      "Runs against the Temporal and PostgreSQL of MESHFLOW_TEMPORAL_TARGET and "
          + "MESHFLOW_DATABASE_URL; the platform worker records runs, lineage and upstream "
          + "triggers, and the schedules are reconciled with the contracts at start. Domain "
          + "workers run here with --domain, or as `meshflow worker` processes."
    })
public class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin MeshOptions meshOptions = new MeshOptions();

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      description = "Also run this domain's worker in this process (repeatable).")
  List<String> domains = new ArrayList<>();

  @Option(
      names = "--insecure",
      description =
          "Serve the HTTP API without authentication (only behind something that authenticates).")
  boolean insecure;

  private final MeshflowProperties properties;
  private final StackLauncher launcher;
  private final ConfigurableApplicationContext context;

  public ServeCommand(
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
    PrintWriter err = spec.commandLine().getErr();
    if (!properties.temporal().external() || !properties.database().external()) {
      err.println(
          "serve runs against a deployment: set MESHFLOW_TEMPORAL_TARGET and MESHFLOW_DATABASE_URL"
              + " (on one machine, `./meshflow dev` serves the embedded stack)");
      err.flush();
      return 2;
    }
    ApiAuthProperties auth =
        Binder.get(context.getEnvironment())
            .bind("meshflow.api", ApiAuthProperties.class)
            .orElseGet(() -> new ApiAuthProperties(null, null, null, false, false, null, null));
    if (!auth.authenticates() && !insecure) {
      err.println(
          "serve needs a way to authenticate its API's callers: set MESHFLOW_API_TOKEN, API tokens"
              + " (meshflow.api.tokens) or an OIDC issuer (meshflow.api.oidc.issuer-uri); or"
              + " serve without authentication with --insecure");
      err.flush();
      return 2;
    }
    Optional<Mesh> mesh = meshOptions.load(properties, err);
    if (mesh.isEmpty()) return 2;
    Optional<GovernancePolicies> policies = meshOptions.policies(properties, err);
    if (policies.isEmpty()) return 2;
    Serving serving = start(mesh.get(), policies.get(), out);
    ConfigurableApplicationContext api;
    try {
      api =
          ApiServer.start(
              context,
              serving.stack().services(),
              serving.publishing(),
              Map.of("meshflow.api.insecure", insecure));
    } catch (RuntimeException e) {
      serving.stack().close();
      throw e;
    }
    UntilStopped stopped =
        new UntilStopped(
            () -> {
              api.close();
              serving.stack().close();
            });
    out.printf("  HTTP API    http://localhost:%d/api/v1/products%n", ApiServer.port(api));
    out.printf("meshflow serve is running; stop it with Ctrl-C%n");
    out.flush();
    stopped.await();
    return 0;
  }

  /** A started stack and the publishing of the mesh it serves. */
  public record Serving(MeshStack stack, PublishService publishing) {}

  /**
   * Starts the platform worker (and the asked domains' workers) and reconciles the schedules; the
   * caller starts the HTTP API over it, and closes the stack.
   */
  Serving start(Mesh mesh, GovernancePolicies policies, PrintWriter out) {
    MeshStack stack = launcher.worker(domains, true);
    try {
      MeshServices services = stack.services();
      PublishService publishing = services.publishing(mesh, policies);
      new ScheduleReconciler(services.client(), services.catalog().schedules(), publishing)
          .reconcile(mesh)
          .forEach(
              a ->
                  out.printf(
                      "schedule %s: %s (%s %s)%n", a.what(), a.product(), a.cron(), a.timezone()));
      services
          .slaMonitors()
          .reconcile(mesh)
          .forEach(a -> out.println("sla monitor " + a.what() + ": " + a.product()));
      out.printf(
          "  Temporal    %s (namespace %s)%n",
          properties.temporal().target(), properties.temporal().namespace());
      out.printf("  PostgreSQL  %s%n", properties.database().url());
      out.printf(
          "  workers     %s%n",
          String.join(
              ", ",
              java.util.stream.Stream.concat(
                      domains.stream().map(d -> "meshflow.domain." + d),
                      java.util.stream.Stream.of("meshflow.platform"))
                  .toList()));
      out.flush();
      return new Serving(stack, publishing);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }
}
