package io.meshflow.workflows.publish;

import io.meshflow.workflows.run.PublishRequest;
import io.meshflow.workflows.run.PublishResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Publishes one data product (one partition of it): extract → transform → validate → publish →
 * catalog-update. Runs on the product's domain task queue; catalog-update runs on the platform's.
 */
@WorkflowInterface
public interface PublishWorkflow {

  /** Workflow id of a product's run: {@code publish/<product>/<partition-or-latest>}. */
  static String workflowId(String product, String partition) {
    return "publish/" + product + "/" + partition;
  }

  @WorkflowMethod(name = "Publish")
  PublishResult publish(PublishRequest request);

  /** Every step's state so far; also answered once the run has ended. */
  @QueryMethod
  PublishProgress progress();
}
