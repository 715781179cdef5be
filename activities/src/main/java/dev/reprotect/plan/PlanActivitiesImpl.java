package dev.reprotect.plan;

import dev.reprotect.reprotect.ReprotectRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads each machine's latest {@code reprotect-{vm}} run from Temporal. Read-only. */
public class PlanActivitiesImpl implements PlanActivities {

  /** Heartbeat every this many machines, so a 2,000-machine plan shows it is alive. */
  static final int HEARTBEAT_EVERY = 100;

  private final WorkflowClient client;

  public PlanActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public EarlierReprotections earlierReprotections(RecoveryPlanRequest request) {
    Set<String> machines = new LinkedHashSet<>();
    request.machines().forEach(m -> machines.add(m.replicatedItem()));
    List<String> protectedAlready = new ArrayList<>();
    Map<String, String> running = new LinkedHashMap<>();
    int read = 0;
    for (String vm : machines) {
      WorkflowExecutionInfo info = latestRun(ReprotectRequest.workflowIdFor(vm));
      if (info != null) {
        if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
          protectedAlready.add(vm);
        } else if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          running.put(
              vm, info.hasParentExecution() ? info.getParentExecution().getWorkflowId() : "");
        }
      }
      if (++read % HEARTBEAT_EVERY == 0) {
        heartbeat(read);
      }
    }
    return new EarlierReprotections(protectedAlready, running);
  }

  /**
   * The latest run of this workflow id, or null when there is none (never run, or past retention).
   */
  private WorkflowExecutionInfo latestRun(String workflowId) {
    try {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build())
          .getWorkflowExecutionInfo();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static void heartbeat(int read) {
    try {
      Activity.getExecutionContext().heartbeat(read);
    } catch (IllegalStateException notInAnActivity) {
      // Called directly (a test): nothing to heartbeat to.
    }
  }
}
