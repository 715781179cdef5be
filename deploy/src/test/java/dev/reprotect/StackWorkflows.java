package dev.reprotect;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every workflow execution the stack's Temporal holds, open and closed, of any type. */
final class StackWorkflows {

  private StackWorkflows() {}

  static List<WorkflowExecutionInfo> all(WorkflowClient client) {
    var stub = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    StartTimeFilter always =
        StartTimeFilter.newBuilder()
            .setEarliestTime(Timestamp.newBuilder().setSeconds(0))
            .setLatestTime(
                Timestamp.newBuilder()
                    .setSeconds(Instant.now().plusSeconds(86_400).getEpochSecond()))
            .build();
    List<WorkflowExecutionInfo> infos = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse open =
          stub.listOpenWorkflowExecutions(
              ListOpenWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(namespace)
                  .setMaximumPageSize(1000)
                  .setStartTimeFilter(always)
                  .setNextPageToken(token)
                  .build());
      infos.addAll(open.getExecutionsList());
      token = open.getNextPageToken();
    } while (!token.isEmpty());
    token = ByteString.EMPTY;
    do {
      ListClosedWorkflowExecutionsResponse closed =
          stub.listClosedWorkflowExecutions(
              ListClosedWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(namespace)
                  .setMaximumPageSize(1000)
                  .setStartTimeFilter(always)
                  .setNextPageToken(token)
                  .build());
      infos.addAll(closed.getExecutionsList());
      token = closed.getNextPageToken();
    } while (!token.isEmpty());
    return infos;
  }

  /**
   * "type id/run" of every execution a request may have started, to compare before and after: the
   * protection watch, which each worker starts on its own every minute, is left out.
   */
  static List<String> keys(WorkflowClient client) {
    return all(client).stream()
        .filter(i -> !i.getType().getName().equals("ProtectionWatch"))
        .map(
            i ->
                i.getType().getName()
                    + " "
                    + i.getExecution().getWorkflowId()
                    + "/"
                    + i.getExecution().getRunId())
        .sorted()
        .toList();
  }
}
