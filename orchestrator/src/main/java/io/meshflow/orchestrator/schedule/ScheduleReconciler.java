package io.meshflow.orchestrator.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.meshflow.contracts.mesh.Mesh;
import io.meshflow.contracts.model.DataProductContract;
import io.meshflow.orchestrator.catalog.ContentHash;
import io.meshflow.orchestrator.catalog.ScheduleDao;
import io.meshflow.orchestrator.publish.PublishService;
import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.run.PublishPlan;
import io.meshflow.workflows.schedule.ScheduleRequest;
import io.meshflow.workflows.schedule.ScheduledPublishWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps each scheduled product's cron workflow ({@code schedule/<product>}) in step with its
 * contract: created for a new schedule, replaced when the cron, time zone or contract changes (or
 * the workflow is gone, as after a restart of the in-memory dev server), and removed when the
 * contract drops its schedule. Uses Temporal cron workflows rather than the Schedules API, which
 * the embedded test server does not implement; a real cluster runs them the same way.
 */
public final class ScheduleReconciler {
  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** What happened to one product's schedule. */
  public record Action(String product, String what, String cron, String timezone) {}

  /** A schedule as the catalog knows it, with its next tick. */
  public record ScheduleRow(
      String productId, String workflowId, String cron, String timezone, ZonedDateTime next) {}

  private final WorkflowClient client;
  private final ScheduleDao schedules;
  private final PublishService publish;

  public ScheduleReconciler(WorkflowClient client, ScheduleDao schedules, PublishService publish) {
    this.client = client;
    this.schedules = schedules;
    this.publish = publish;
  }

  /** Brings the cron workflows in line with the schedules of the contracts of {@code mesh}. */
  public List<Action> reconcile(Mesh mesh) {
    List<Action> actions = new ArrayList<>();
    Set<String> scheduled = new HashSet<>();
    for (DataProductContract c : mesh.products()) {
      if (c.schedule() == null || !c.schedule().byCron()) continue; // freshness: its monitor
      String product = c.id().toString();
      scheduled.add(product);
      PublishPlan plan = publish.plan(c);
      // a follower added or removed changes what each tick's run starts downstream
      String hash = ContentHash.of(c) + " followers " + plan.followers();
      Optional<String> known = schedules.contentHash(product);
      String workflowId = ScheduledPublishWorkflow.workflowId(product);
      if (known.isPresent() && known.get().equals(hash) && running(workflowId)) {
        actions.add(new Action(product, "kept", c.schedule().cron(), c.schedule().timezone()));
        continue;
      }
      publish.register(c);
      if (known.isPresent()) terminate(workflowId, "the schedule or contract changed");
      try {
        start(c, plan, workflowId);
      } catch (RuntimeException e) {
        actions.add(
            new Action(
                product,
                "failed: " + e.getMessage(),
                c.schedule().cron(),
                c.schedule().timezone()));
        continue;
      }
      schedules.save(product, workflowId, c.schedule().cron(), c.schedule().timezone(), hash);
      actions.add(
          new Action(
              product,
              known.isPresent() ? "replaced" : "created",
              c.schedule().cron(),
              c.schedule().timezone()));
    }
    for (ScheduleRow row : list()) {
      if (scheduled.contains(row.productId())) continue;
      terminate(row.workflowId(), "the contract dropped its schedule");
      schedules.delete(row.productId());
      actions.add(new Action(row.productId(), "removed", row.cron(), row.timezone()));
    }
    return actions;
  }

  /** Every schedule the catalog knows, with the time of its next tick. */
  public List<ScheduleRow> list() {
    return list(schedules);
  }

  /** Every schedule {@code schedules} knows, with the time of its next tick. */
  public static List<ScheduleRow> list(ScheduleDao schedules) {
    return schedules.list().stream()
        .map(
            s ->
                new ScheduleRow(
                    s.productId(),
                    s.workflowId(),
                    s.cron(),
                    s.timezone(),
                    next(s.cron(), s.timezone())))
        .toList();
  }

  /** The next tick of a 5-field cron in a time zone. */
  public static ZonedDateTime next(String cron, String timezone) {
    return ExecutionTime.forCron(CRON.parse(cron))
        .nextExecution(ZonedDateTime.now(ZoneId.of(timezone)))
        .orElse(null);
  }

  private void start(DataProductContract c, PublishPlan plan, String workflowId) {
    ScheduledPublishWorkflow schedule =
        client.newWorkflowStub(
            ScheduledPublishWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.domain(c.id().domain().value()))
                .setCronSchedule(cronSpec(c.schedule().cron(), c.schedule().timezone()))
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setStaticSummary(
                    "Schedule of **"
                        + c.id()
                        + "**: `"
                        + c.schedule().cron()
                        + "` "
                        + c.schedule().timezone())
                .build());
    WorkflowClient.start(
        schedule::tick,
        new ScheduleRequest(
            plan, c.partitioning() == null ? null : c.partitioning().granularity()));
  }

  /**
   * Temporal's cron spec: the contract's cron, in its time zone with {@code CRON_TZ=} unless UTC
   * (which Temporal's Java test server, without {@code CRON_TZ} support, can then run too).
   */
  static String cronSpec(String cron, String timezone) {
    return timezone.equals("UTC") || timezone.equals("Etc/UTC")
        ? cron
        : "CRON_TZ=" + timezone + " " + cron;
  }

  private boolean running(String workflowId) {
    try {
      return client.newUntypedWorkflowStub(workflowId).describe().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (RuntimeException notFound) {
      return false;
    }
  }

  private void terminate(String workflowId, String reason) {
    try {
      WorkflowStub stub = client.newUntypedWorkflowStub(workflowId);
      if (stub.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
        stub.terminate(reason);
    } catch (RuntimeException gone) {
      // already gone: nothing to stop
    }
  }
}
