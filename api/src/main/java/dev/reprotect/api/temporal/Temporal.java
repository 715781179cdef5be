package dev.reprotect.api.temporal;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.reprotect.visibility.Requester;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Value;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API needs from Temporal besides workflow stubs: the namespace, the task queue, options
 * for the short read workflows, and DescribeWorkflowExecution (which reads no history); the status
 * read's describe and query also without blocking a thread.
 */
@Singleton
public class Temporal {

  private static final Logger LOG = LoggerFactory.getLogger(Temporal.class);

  /** Inventory reads, options and preflight answer an HTTP request: a minute at most. */
  public static final Duration SHORT_WORKFLOW_TIMEOUT = Duration.ofMinutes(1);

  private final WorkflowClient client;
  private final WorkflowServiceStubs service;
  private final String taskQueue;
  private final SearchAttributeRegistration searchAttributes;

  public Temporal(
      WorkflowClient client,
      WorkflowServiceStubs service,
      @Value("${reprotect.temporal.task-queue:reprotect}") String taskQueue,
      SearchAttributeRegistration searchAttributes) {
    this.client = client;
    this.service = service;
    this.taskQueue = taskQueue;
    this.searchAttributes = searchAttributes;
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** Options for a short read workflow with a fresh id {@code prefix-<uuid>}. */
  public WorkflowOptions shortWorkflow(String prefix) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setWorkflowId(prefix + "-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(SHORT_WORKFLOW_TIMEOUT)
        .build();
  }

  /**
   * Options to start a business workflow under its own id ({@code reprotect-{vm}}, {@code
   * recovery-plan-{plan}}): one run at a time, and a finished one may be started again.
   */
  public WorkflowOptions businessWorkflow(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setWorkflowId(workflowId)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  /**
   * As {@link #businessWorkflow(String)}, carrying these search attributes when the namespace has
   * them (see {@link SearchAttributeRegistration}); the workflow then keeps them up to date.
   */
  public WorkflowOptions businessWorkflow(String workflowId, SearchAttributes attributes) {
    WorkflowOptions options = businessWorkflow(workflowId);
    return searchAttributes.available()
        ? WorkflowOptions.newBuilder(options).setTypedSearchAttributes(attributes).build()
        : options;
  }

  /**
   * As {@link #businessWorkflow(String, SearchAttributes)}, naming who starts it in the start's
   * memo, so that its history and its status say who (see {@link Requester}).
   */
  public WorkflowOptions businessWorkflow(
      String workflowId, SearchAttributes attributes, String startedBy) {
    return WorkflowOptions.newBuilder(businessWorkflow(workflowId, attributes))
        .setMemo(Requester.memo(startedBy))
        .build();
  }

  /** The latest run of a workflow id, or empty when there is none. */
  public Optional<DescribeWorkflowExecutionResponse> describe(String workflowId) {
    try {
      return Optional.of(
          service
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** {@link #describe} without blocking: completes on gRPC's thread, empty when there is none. */
  public CompletableFuture<Optional<DescribeWorkflowExecutionResponse>> describeAsync(
      String workflowId) {
    CompletableFuture<Optional<DescribeWorkflowExecutionResponse>> described =
        new CompletableFuture<>();
    whenDone(
        service
            .futureStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(namespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .build()),
        response -> described.complete(Optional.of(response)),
        failure -> {
          if (failure instanceof StatusRuntimeException e
              && e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            described.complete(Optional.empty());
          } else {
            described.completeExceptionally(failure);
          }
        });
    return described;
  }

  /**
   * A query of a run of a workflow id ({@code runId} empty: the latest), without blocking; the
   * answer's payloads are the caller's to decode.
   */
  public CompletableFuture<QueryWorkflowResponse> queryAsync(
      String workflowId, String runId, String queryType) {
    return queryAsync(workflowId, runId, queryType, new Object[0]);
  }

  /** The same with the query's arguments, encoded by the client's data converter. */
  public CompletableFuture<QueryWorkflowResponse> queryAsync(
      String workflowId, String runId, String queryType, Object... args) {
    WorkflowQuery.Builder query = WorkflowQuery.newBuilder().setQueryType(queryType);
    client.getOptions().getDataConverter().toPayloads(args).ifPresent(query::setQueryArgs);
    CompletableFuture<QueryWorkflowResponse> answered = new CompletableFuture<>();
    whenDone(
        service
            .futureStub()
            .queryWorkflow(
                QueryWorkflowRequest.newBuilder()
                    .setNamespace(namespace())
                    .setExecution(
                        WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                    .setQuery(query)
                    .build()),
        answered::complete,
        answered::completeExceptionally);
    return answered;
  }

  /**
   * A query's answer decoded as {@code type}, without blocking: empty when the workflow cannot
   * answer it (yet: rejected, not found, no worker, unreadable), failed only when Temporal cannot
   * be reached (UNAVAILABLE), so a caller can tell "no answer" from "no server".
   */
  public <T> CompletableFuture<Optional<T>> queryResultAsync(
      String workflowId, String runId, Class<T> type, String queryType, Object... args) {
    return queryAsync(workflowId, runId, queryType, args)
        .handle(
            (QueryWorkflowResponse answer, Throwable failure) -> {
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (cause instanceof StatusRuntimeException sre
                    && sre.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                  throw new CompletionException(cause);
                }
                LOG.debug(
                    "{} query of {} not answered: {}", queryType, workflowId, cause.toString());
                return Optional.<T>empty();
              }
              if (answer.hasQueryRejected() || !answer.hasQueryResult()) {
                return Optional.<T>empty();
              }
              try {
                return Optional.ofNullable(
                    client
                        .getOptions()
                        .getDataConverter()
                        .fromPayloads(0, Optional.of(answer.getQueryResult()), type, type));
              } catch (RuntimeException unreadable) {
                LOG.debug(
                    "{} query answer of {} unreadable: {}",
                    queryType,
                    workflowId,
                    unreadable.toString());
                return Optional.<T>empty();
              }
            });
  }

  private static <T> void whenDone(
      ListenableFuture<T> call,
      java.util.function.Consumer<T> onSuccess,
      java.util.function.Consumer<Throwable> onFailure) {
    Futures.addCallback(
        call,
        new FutureCallback<T>() {
          @Override
          public void onSuccess(T result) {
            onSuccess.accept(result);
          }

          @Override
          public void onFailure(Throwable failure) {
            onFailure.accept(failure);
          }
        },
        MoreExecutors.directExecutor());
  }
}
