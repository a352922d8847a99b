package io.meshflow.workflows.sla;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Watches one product's SLA without polling its data: a timer fires at the instant the product
 * would go stale, each successful publish re-arms it, and availability is probed as a consumer
 * would read. Breaches are recorded as intervals. Runs on the platform queue as {@code
 * sla/<product>}.
 */
@WorkflowInterface
public interface SlaMonitorWorkflow {
  @WorkflowMethod
  void monitor(SlaMonitorRequest request);

  /** The product published (sent by the catalog-update step). */
  @SignalMethod
  void published(Published publish);

  /** The contract's SLA changed: new targets (the request's state parts are ignored). */
  @SignalMethod
  void retarget(SlaMonitorRequest targets);

  /** The product is no longer monitored. */
  @SignalMethod
  void stop();

  @QueryMethod
  SlaMonitorRequest state();
}
