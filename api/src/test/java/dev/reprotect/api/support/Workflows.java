package dev.reprotect.api.support;

import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;

/** What the test server holds: how a test sees that a refused request started nothing. */
public final class Workflows {

  private Workflows() {}

  /** Whether the default namespace has ever had a workflow {@code workflowId}. */
  public static boolean exists(WorkflowServiceStubs service, String workflowId) {
    try {
      service
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build());
      return true;
    } catch (StatusRuntimeException notFound) {
      return false;
    }
  }
}
