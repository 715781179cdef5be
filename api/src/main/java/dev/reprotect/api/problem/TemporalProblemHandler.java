package dev.reprotect.api.problem;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.temporal.client.WorkflowException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults talking to Temporal: an unreachable or overloaded frontend is a 503 problem, anything else
 * a 500; the cause goes to the log, never into the body.
 */
@Produces
@Singleton
public class TemporalProblemHandler
    implements ExceptionHandler<StatusRuntimeException, HttpResponse<ProblemBody>> {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalProblemHandler.class);

  @Override
  public HttpResponse<ProblemBody> handle(HttpRequest request, StatusRuntimeException exception) {
    return Problems.response(bodyOf(request, exception));
  }

  static ProblemBody bodyOf(HttpRequest<?> request, Throwable exception) {
    Status.Code code = codeOf(exception);
    if (code == Status.Code.UNAVAILABLE
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.RESOURCE_EXHAUSTED) {
      LOG.warn(
          "Temporal unavailable answering {} {}: {}", request.getMethod(), request.getPath(), code);
      return new ProblemBody(
          ProblemTypes.TEMPORAL_UNAVAILABLE,
          "Temporal unavailable",
          503,
          "the Temporal service cannot be reached (" + code + "); retry later",
          null,
          null,
          null);
    }
    if (code == Status.Code.NOT_FOUND) {
      return new ProblemBody(
          ProblemTypes.NOT_FOUND, "Not found", 404, "no such workflow", null, null, null);
    }
    LOG.error(
        "Temporal call failed answering {} {}", request.getMethod(), request.getPath(), exception);
    return new ProblemBody(
        ProblemTypes.INTERNAL,
        "Internal error",
        500,
        "internal error; see the server log",
        null,
        null,
        null);
  }

  private static Status.Code codeOf(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException sre) {
        return sre.getStatus().getCode();
      }
    }
    return Status.Code.UNKNOWN;
  }

  /** The same for the Temporal client's wrapper exceptions. */
  @Produces
  @Singleton
  public static class WorkflowExceptionHandler
      implements ExceptionHandler<WorkflowException, HttpResponse<ProblemBody>> {
    @Override
    public HttpResponse<ProblemBody> handle(HttpRequest request, WorkflowException exception) {
      return Problems.response(bodyOf(request, exception));
    }
  }
}
