package io.meshflow.workflows.sla;

import io.meshflow.workflows.activities.SlaAlert;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers one SLA alert to the product's webhooks, retrying with backoff until each took it. Its
 * workflow id, {@code alert/<breach id>/<event>}, makes each alert delivered once however often it
 * is raised.
 */
@WorkflowInterface
public interface AlertWorkflow {
  @WorkflowMethod
  void deliver(SlaAlert alert);

  /** The workflow id of {@code alert}. */
  static String workflowId(SlaAlert alert) {
    return "alert/" + SlaAlert.alertId(alert);
  }
}
