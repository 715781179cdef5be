package dev.reprotect.worker;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the open workflows of our task queue that are stuck: their workflow task has failed again
 * and again (attempt {@link #STUCK_AT_ATTEMPT} or more), as after a deploy whose workflow code
 * cannot replay their histories. Such workflows are blocked, not failed: they recover when a build
 * that can replay them polls again. One visibility list, then one describe per open workflow.
 */
public final class StuckWorkflows {

  /**
   * A workflow task on its third attempt has failed twice in a row: a transient fault (a worker
   * killed mid-task) rarely does that, a non-deterministic build always does.
   */
  public static final int STUCK_AT_ATTEMPT = 3;

  /** How many stuck workflows a report names (the count is always whole). */
  static final int NAMED = 10;

  /**
   * @param count open workflows whose workflow task keeps failing
   * @param named the first few, "workflow-id (workflow task attempt N)"
   */
  public record Report(int count, List<String> named, Instant checkedAt) {}

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final List<String> taskQueues;

  public StuckWorkflows(WorkflowServiceStubs stubs, String namespace, String taskQueue) {
    this(stubs, namespace, List.of(taskQueue));
  }

  /** Watches the workflows of every queue given (the main one, the slots ledgers' own). */
  public StuckWorkflows(WorkflowServiceStubs stubs, String namespace, List<String> taskQueues) {
    this.stubs = stubs;
    this.namespace = namespace;
    this.taskQueues = List.copyOf(taskQueues);
  }

  /** Reads the server now. Throws when visibility or describe cannot be read. */
  public Report check() {
    int count = 0;
    List<String> named = new ArrayList<>();
    for (String taskQueue : taskQueues) {
      count += check(taskQueue, named);
    }
    return new Report(count, List.copyOf(named), Instant.now());
  }

  /** Counts the stuck workflows of one queue, naming them into {@code named} while it has room. */
  private int check(String taskQueue, List<String> named) {
    int count = 0;
    ByteString page = ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse open =
          stubs
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace)
                      .setQuery("ExecutionStatus = 'Running' AND TaskQueue = '" + taskQueue + "'")
                      .setPageSize(1000)
                      .setNextPageToken(page)
                      .build());
      for (WorkflowExecutionInfo info : open.getExecutionsList()) {
        int attempt = workflowTaskAttempt(info.getExecution());
        if (attempt >= STUCK_AT_ATTEMPT) {
          count++;
          if (named.size() < NAMED) {
            named.add(
                info.getExecution().getWorkflowId() + " (workflow task attempt " + attempt + ")");
          }
        }
      }
      page = open.getNextPageToken();
    } while (!page.isEmpty());
    return count;
  }

  private int workflowTaskAttempt(WorkflowExecution execution) {
    DescribeWorkflowExecutionResponse described =
        stubs
            .blockingStub()
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(namespace)
                    .setExecution(execution)
                    .build());
    return described.hasPendingWorkflowTask() ? described.getPendingWorkflowTask().getAttempt() : 0;
  }
}
