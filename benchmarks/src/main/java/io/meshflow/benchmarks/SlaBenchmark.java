package io.meshflow.benchmarks;

import io.meshflow.workflows.TaskQueues;
import io.meshflow.workflows.activities.ProbeResult;
import io.meshflow.workflows.activities.SlaActivities;
import io.meshflow.workflows.activities.SlaAlert;
import io.meshflow.workflows.activities.SlaBreach;
import io.meshflow.workflows.sla.AlertWorkflowImpl;
import io.meshflow.workflows.sla.Published;
import io.meshflow.workflows.sla.SlaMonitorRequest;
import io.meshflow.workflows.sla.SlaMonitorWorkflow;
import io.meshflow.workflows.sla.SlaMonitorWorkflowImpl;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N products' SLA monitors over a simulated day on Temporal's test server (time skipping), with the
 * platform's activities in memory: what the monitoring itself costs — workflow actions (history
 * events) per product per day, history sizes, continue-as-new runs, and CPU time. Most products
 * publish every 45 minutes against a 1-hour freshness target; every tenth publishes every 90
 * minutes and so breaches (and recovers) each cycle.
 */
final class SlaBenchmark {
  /** The figures of one run. */
  record Result(
      int products,
      Duration simulated,
      Duration probeInterval,
      long activities,
      long breaches,
      long alerts,
      long events,
      long historyBytes,
      long runs,
      long cpuMillis,
      long wallMillis) {
    double eventsPerProductPerDay() {
      return (double) events / products / (simulated.toMinutes() / 1440.0);
    }
  }

  /** The platform's activities, counted, in memory. */
  static final class CountingActivities implements SlaActivities {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong breaches = new AtomicLong();
    final AtomicLong alerts = new AtomicLong();

    @Override
    public void breachStarted(SlaBreach breach) {
      calls.incrementAndGet();
      breaches.incrementAndGet();
    }

    @Override
    public void breachEnded(SlaBreach breach) {
      calls.incrementAndGet();
    }

    @Override
    public ProbeResult probe(String product, String relation) {
      calls.incrementAndGet();
      return new ProbeResult(true, null);
    }

    @Override
    public void deliver(SlaAlert alert) {
      calls.incrementAndGet();
      alerts.incrementAndGet();
    }
  }

  Result run(int products, Duration probeInterval, Duration simulated) {
    CountingActivities activities = new CountingActivities();
    long wall = System.nanoTime();
    long cpu = processCpuNanos();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.PLATFORM);
      worker.registerWorkflowImplementationTypes(
          SlaMonitorWorkflowImpl.class, AlertWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      long t0 = env.currentTimeMillis();
      List<SlaMonitorWorkflow> monitors = new ArrayList<>();
      for (int i = 0; i < products; i++) {
        String product = "bench.product_" + i;
        SlaMonitorWorkflow stub =
            client.newWorkflowStub(
                SlaMonitorWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(SlaMonitorRequest.workflowId(product))
                    .setTaskQueue(TaskQueues.PLATFORM)
                    .build());
        WorkflowClient.start(
            stub::monitor,
            new SlaMonitorRequest(
                product,
                Duration.ofHours(1).toMillis(),
                probeInterval.toMillis(),
                "\"bench\".\"product_" + i + "\"",
                t0,
                0,
                0,
                t0));
        monitors.add(
            client.newWorkflowStub(
                SlaMonitorWorkflow.class, SlaMonitorRequest.workflowId(product)));
      }
      long step = Duration.ofMinutes(15).toMillis();
      for (long at = step; at <= simulated.toMillis(); at += step) {
        env.sleep(Duration.ofMillis(t0 + at - env.currentTimeMillis()));
        for (int i = 0; i < products; i++) {
          long every =
              i % 10 == 9 ? Duration.ofMinutes(90).toMillis() : Duration.ofMinutes(45).toMillis();
          if (at % every < step) {
            long now = t0 + at;
            monitors.get(i).published(new Published("run-" + i + "-" + at, now, now));
          }
        }
      }
      // the CPU of the monitoring ends here; counting the histories is the benchmark's own work
      long cpuMillis = (processCpuNanos() - cpu) / 1_000_000;
      long wallMillis = (System.nanoTime() - wall) / 1_000_000;
      // the test server's listing races with running workflows: stop the monitors first
      for (SlaMonitorWorkflow m : monitors) m.stop();
      for (int i = 0; i < products; i++) {
        client
            .newUntypedWorkflowStub(SlaMonitorRequest.workflowId("bench.product_" + i))
            .getResult(Void.class);
      }
      long events = 0;
      long bytes = 0;
      long runs = 0;
      for (var execution : executions(env)) {
        runs++;
        for (HistoryEvent e : history(env, execution)) {
          events++;
          bytes += e.getSerializedSize();
          if (e.getEventType() == EventType.EVENT_TYPE_UNSPECIFIED) events--;
        }
      }
      return new Result(
          products,
          simulated,
          probeInterval,
          activities.calls.get(),
          activities.breaches.get(),
          activities.alerts.get(),
          events,
          bytes,
          runs,
          cpuMillis,
          wallMillis);
    }
  }

  /** Every workflow run the environment holds, closed (continued as new) and open. */
  private static List<WorkflowExecution> executions(TestWorkflowEnvironment env) {
    for (int attempt = 1; ; attempt++) {
      try {
        return listed(env);
      } catch (io.grpc.StatusRuntimeException e) {
        // an alert still being delivered can move under the listing: list again
        if (attempt == 5) throw e;
        env.sleep(Duration.ofSeconds(1));
      }
    }
  }

  private static List<WorkflowExecution> listed(TestWorkflowEnvironment env) {
    List<WorkflowExecution> out = new ArrayList<>();
    var stub = env.getWorkflowClient().getWorkflowServiceStubs().blockingStub();
    stub.listClosedWorkflowExecutions(
            ListClosedWorkflowExecutionsRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setMaximumPageSize(1_000_000)
                .build())
        .getExecutionsList()
        .forEach(e -> out.add(e.getExecution()));
    stub.listOpenWorkflowExecutions(
            io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setMaximumPageSize(1_000_000)
                .build())
        .getExecutionsList()
        .forEach(e -> out.add(e.getExecution()));
    return out;
  }

  private static List<HistoryEvent> history(TestWorkflowEnvironment env, WorkflowExecution e) {
    return env.getWorkflowClient()
        .getWorkflowServiceStubs()
        .blockingStub()
        .getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setExecution(e)
                .build())
        .getHistory()
        .getEventsList();
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }
}
