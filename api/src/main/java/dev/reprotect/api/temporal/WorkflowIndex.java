package dev.reprotect.api.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.reprotect.api.reprotect.ReprotectionRef;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.core.annotation.Nullable;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which workflows of a type exist, each with its latest run, newest first: the lists' index.
 *
 * <p>On a Temporal server with SQL or Elasticsearch visibility (a cluster, and the embedded
 * default's dev server) it asks {@code ListWorkflowExecutions} with a query over our search
 * attributes, so a filter is applied by the server and only the matching rows come back. Temporal's
 * in-memory server has no such call: there the index reads open and closed executions, and a filter
 * is left to the caller, which reads statuses.
 */
@Singleton
public class WorkflowIndex {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowIndex.class);
  private static final int PAGE = 1000;

  /** Workflow ids per {@code WorkflowId IN (...)} query when checking for newer runs. */
  private static final int IDS_PER_QUERY = 100;

  private final Temporal temporal;
  private final SearchAttributeRegistration searchAttributes;

  /**
   * Null until the server has been asked once; false on a server without ListWorkflowExecutions.
   */
  private volatile Boolean listWorkflowExecutions;

  public WorkflowIndex(Temporal temporal, SearchAttributeRegistration searchAttributes) {
    this.temporal = temporal;
    this.searchAttributes = searchAttributes;
  }

  /** Every workflow of this type with its latest run, newest first. */
  public List<ReprotectionRef> all(String workflowType) {
    return matching(workflowType, null).orElseGet(() -> openAndClosed(workflowType));
  }

  /**
   * The workflows of this type whose latest run matches {@code filter} (a visibility query over our
   * search attributes and Temporal's own, e.g. {@code ReprotectPlan = 'rp-app'}), newest first;
   * empty when the server cannot filter (then the caller filters).
   */
  public Optional<List<ReprotectionRef>> matching(String workflowType, @Nullable String filter) {
    if (Boolean.FALSE.equals(listWorkflowExecutions)
        || (filter != null && !searchAttributes.available())) {
      return Optional.empty();
    }
    String query =
        "WorkflowType = " + quote(workflowType) + (filter == null ? "" : " AND (" + filter + ")");
    List<WorkflowExecutionInfo> rows;
    try {
      rows = list(query);
      listWorkflowExecutions = true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        LOG.info(
            "This Temporal server has no ListWorkflowExecutions (the in-memory server): lists read open and "
                + "closed executions and filter by status");
        listWorkflowExecutions = false;
        return Optional.empty();
      }
      throw e;
    }
    Map<String, ReprotectionRef> latest = latestPerId(rows, workflowType);
    if (filter != null && !latest.isEmpty()) {
      dropSuperseded(latest, workflowType);
    }
    return Optional.of(newestFirst(latest));
  }

  /**
   * A row matched, but a newer run of the same workflow id (which does not match) is the one that
   * counts: ask the server for every run of the matched ids and keep those whose newest run
   * matched.
   */
  private void dropSuperseded(Map<String, ReprotectionRef> matched, String workflowType) {
    List<String> ids = new ArrayList<>(matched.keySet());
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      String in =
          ids.subList(from, Math.min(from + IDS_PER_QUERY, ids.size())).stream()
              .map(WorkflowIndex::quote)
              .collect(Collectors.joining(", "));
      Map<String, ReprotectionRef> newest =
          latestPerId(
              list("WorkflowType = " + quote(workflowType) + " AND WorkflowId IN (" + in + ")"),
              workflowType);
      newest.forEach(
          (id, run) ->
              matched.computeIfPresent(id, (k, m) -> m.runId().equals(run.runId()) ? m : null));
    }
  }

  private List<WorkflowExecutionInfo> list(String query) {
    return everyPage(
        token -> {
          ListWorkflowExecutionsResponse page =
              temporal
                  .service()
                  .blockingStub()
                  .listWorkflowExecutions(
                      ListWorkflowExecutionsRequest.newBuilder()
                          .setNamespace(temporal.namespace())
                          .setPageSize(PAGE)
                          .setQuery(query)
                          .setNextPageToken(token)
                          .build());
          return new Page(page.getExecutionsList(), page.getNextPageToken());
        });
  }

  /** One page of a list call: its rows and the token of the next (empty: none). */
  private record Page(List<WorkflowExecutionInfo> rows, ByteString next) {}

  /** Every row of a paged list call, following its tokens. */
  private static List<WorkflowExecutionInfo> everyPage(
      java.util.function.Function<ByteString, Page> call) {
    List<WorkflowExecutionInfo> rows = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      Page page = call.apply(token);
      rows.addAll(page.rows());
      token = page.next();
    } while (!token.isEmpty());
    return rows;
  }

  /** Open and closed executions merged (standard visibility, served by every server). */
  private List<ReprotectionRef> openAndClosed(String workflowType) {
    List<WorkflowExecutionInfo> rows = new ArrayList<>();
    var stub = temporal.service().blockingStub();
    StartTimeFilter always =
        StartTimeFilter.newBuilder()
            .setEarliestTime(Timestamp.newBuilder().setSeconds(0))
            .setLatestTime(
                Timestamp.newBuilder()
                    .setSeconds(Instant.now().plusSeconds(86_400).getEpochSecond()))
            .build();
    WorkflowTypeFilter type = WorkflowTypeFilter.newBuilder().setName(workflowType).build();
    rows.addAll(
        everyPage(
            token -> {
              ListOpenWorkflowExecutionsResponse open =
                  stub.listOpenWorkflowExecutions(
                      ListOpenWorkflowExecutionsRequest.newBuilder()
                          .setNamespace(temporal.namespace())
                          .setMaximumPageSize(PAGE)
                          .setStartTimeFilter(always)
                          .setTypeFilter(type)
                          .setNextPageToken(token)
                          .build());
              return new Page(open.getExecutionsList(), open.getNextPageToken());
            }));
    rows.addAll(
        everyPage(
            token -> {
              ListClosedWorkflowExecutionsResponse closed =
                  stub.listClosedWorkflowExecutions(
                      ListClosedWorkflowExecutionsRequest.newBuilder()
                          .setNamespace(temporal.namespace())
                          .setMaximumPageSize(PAGE)
                          .setStartTimeFilter(always)
                          .setTypeFilter(type)
                          .setNextPageToken(token)
                          .build());
              return new Page(closed.getExecutionsList(), closed.getNextPageToken());
            }));
    return newestFirst(latestPerId(rows, workflowType));
  }

  private static Map<String, ReprotectionRef> latestPerId(
      List<WorkflowExecutionInfo> rows, String workflowType) {
    Map<String, ReprotectionRef> latest = new HashMap<>();
    for (WorkflowExecutionInfo info : rows) {
      if (!workflowType.equals(info.getType().getName())) {
        continue; // a server that ignores the type filter
      }
      ReprotectionRef ref =
          new ReprotectionRef(
              info.getExecution().getWorkflowId(),
              info.getExecution().getRunId(),
              instant(info.getStartTime()),
              info.getStatus());
      latest.merge(ref.workflowId(), ref, (a, b) -> a.startedAt().isAfter(b.startedAt()) ? a : b);
    }
    return latest;
  }

  private static List<ReprotectionRef> newestFirst(Map<String, ReprotectionRef> latest) {
    List<ReprotectionRef> refs = new ArrayList<>(latest.values());
    refs.sort(
        Comparator.comparing(ReprotectionRef::startedAt)
            .reversed()
            .thenComparing(ReprotectionRef::workflowId));
    return refs;
  }

  /** A string literal of the visibility query language. */
  public static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  public static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
