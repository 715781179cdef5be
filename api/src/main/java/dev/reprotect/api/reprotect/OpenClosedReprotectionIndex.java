package dev.reprotect.api.reprotect;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.reprotect.api.temporal.Temporal;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index over standard visibility: open and closed executions of type "Reprotect", merged,
 * the newest run kept per workflow id. Reads every page: fine for the hundreds of VMs one site
 * holds; a larger installation replaces this bean.
 */
@Singleton
public class OpenClosedReprotectionIndex implements ReprotectionIndex {

  static final String TYPE = "Reprotect";
  private static final int PAGE = 1000;

  private final Temporal temporal;

  public OpenClosedReprotectionIndex(Temporal temporal) {
    this.temporal = temporal;
  }

  @Override
  public List<ReprotectionRef> all() {
    return latestRuns(temporal, TYPE);
  }

  /**
   * Every workflow of this type with its latest run, newest first, from open and closed executions
   * (ListOpen/ListClosed: Temporal's in-memory server has no ListWorkflowExecutions). Plans are
   * listed the same way.
   */
  public static List<ReprotectionRef> latestRuns(Temporal temporal, String workflowType) {
    List<WorkflowExecutionInfo> infos = new ArrayList<>();
    var stub = temporal.service().blockingStub();
    StartTimeFilter always = StartTimeFilter.newBuilder()
        .setEarliestTime(Timestamp.newBuilder().setSeconds(0))
        .setLatestTime(Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(86_400).getEpochSecond()))
        .build();
    WorkflowTypeFilter type = WorkflowTypeFilter.newBuilder().setName(workflowType).build();

    ByteString token = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse open = stub.listOpenWorkflowExecutions(
          ListOpenWorkflowExecutionsRequest.newBuilder()
              .setNamespace(temporal.namespace())
              .setMaximumPageSize(PAGE)
              .setStartTimeFilter(always)
              .setTypeFilter(type)
              .setNextPageToken(token)
              .build());
      infos.addAll(open.getExecutionsList());
      token = open.getNextPageToken();
    } while (!token.isEmpty());

    token = ByteString.EMPTY;
    do {
      ListClosedWorkflowExecutionsResponse closed = stub.listClosedWorkflowExecutions(
          ListClosedWorkflowExecutionsRequest.newBuilder()
              .setNamespace(temporal.namespace())
              .setMaximumPageSize(PAGE)
              .setStartTimeFilter(always)
              .setTypeFilter(type)
              .setNextPageToken(token)
              .build());
      infos.addAll(closed.getExecutionsList());
      token = closed.getNextPageToken();
    } while (!token.isEmpty());

    Map<String, ReprotectionRef> latest = new HashMap<>();
    for (WorkflowExecutionInfo info : infos) {
      if (!workflowType.equals(info.getType().getName())) {
        continue; // a server that ignores the type filter
      }
      ReprotectionRef ref = new ReprotectionRef(
          info.getExecution().getWorkflowId(),
          info.getExecution().getRunId(),
          instant(info.getStartTime()),
          info.getStatus());
      latest.merge(ref.workflowId(), ref, (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
    }
    List<ReprotectionRef> refs = new ArrayList<>(latest.values());
    refs.sort(Comparator.comparing(ReprotectionRef::startedAt).reversed()
        .thenComparing(ReprotectionRef::workflowId));
    return refs;
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
