package dev.reprotect.plan;

import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads each machine's latest {@code reprotect-{vm}} run from Temporal, and follows the runs a
 * continued plan carries to their end (telling the plan by signal). Changes nothing else.
 */
public class PlanActivitiesImpl implements PlanActivities {

  /** Heartbeat every this many machines, so a 2,000-machine plan shows it is alive. */
  static final int HEARTBEAT_EVERY = 100;

  /** FollowMachines heartbeats this often while it waits (its heartbeat timeout is a minute). */
  static final Duration FOLLOW_HEARTBEAT = Duration.ofSeconds(5);

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

  @Override
  public void followMachines(FollowMachines request) {
    RecoveryPlanWorkflow plan =
        client.newWorkflowStub(RecoveryPlanWorkflow.class, request.planWorkflowId());
    Map<String, CompletableFuture<MachineSummary>> ending = new LinkedHashMap<>();
    for (String vm : request.machines()) {
      ending.put(
          vm,
          client
              .newUntypedWorkflowStub(ReprotectRequest.workflowIdFor(vm))
              .getResultAsync(ReprotectStatus.class)
              .handle(
                  (done, failure) ->
                      failure == null
                          ? MachineEndings.of(vm, done)
                          : MachineEndings.of(vm, unwrapped(failure))));
    }
    int told = 0;
    try {
      while (!ending.isEmpty()) {
        try {
          CompletableFuture.anyOf(ending.values().toArray(CompletableFuture[]::new))
              .get(FOLLOW_HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // Nothing ended in this while: heartbeat below and wait again.
        } catch (ExecutionException | InterruptedException e) {
          throw Activity.wrap(e);
        }
        for (Iterator<CompletableFuture<MachineSummary>> i = ending.values().iterator();
            i.hasNext(); ) {
          CompletableFuture<MachineSummary> next = i.next();
          if (next.isDone()) {
            try {
              plan.machineEnded(next.join());
            } catch (WorkflowNotFoundException planEnded) {
              return; // the plan ended (terminated): nobody left to tell
            }
            i.remove();
            told++;
          }
        }
        heartbeat(told);
      }
    } finally {
      ending.values().forEach(f -> f.cancel(true));
    }
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static void heartbeat(int read) {
    try {
      Activity.getExecutionContext().heartbeat(read);
    } catch (IllegalStateException notInAnActivity) {
      // Called directly (a test): nothing to heartbeat to.
    }
  }
}
