package dev.reprotect.api.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a JSON body that would decode only because serde coerces a value (a number, a boolean or
 * a one-element array where a name belongs): 400 naming each such field, before the controller
 * runs, so nothing is started. Reads a copy of the body; the route still reads the original.
 */
@ServerFilter("/api/**")
public class ExactBodyTypesFilter {

  private final WrongTypeFields wrongTypes;

  public ExactBodyTypesFilter(WrongTypeFields wrongTypes) {
    this.wrongTypes = wrongTypes;
  }

  /** Waits for the body on a blocking thread (never the event loop), then checks it. */
  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  public @Nullable HttpResponse<?> check(ServerHttpRequest<?> request) {
    if (request.getMethod() != HttpMethod.POST
        || request
            .getContentType()
            .map(t -> !t.matches(MediaType.APPLICATION_JSON_TYPE))
            .orElse(true)) {
      return null;
    }
    List<String> fields;
    try (CloseableAvailableByteBody body = request.byteBody().split().buffer().join()) {
      fields = wrongTypes.find(request, Optional.of(body.toString(StandardCharsets.UTF_8)));
    } catch (RuntimeException unreadable) {
      return null; // malformed or oversized bodies are the decoder's to refuse
    }
    if (fields.isEmpty()) {
      return null;
    }
    return Problems.response(
        ApiProblem.badRequest(
                fields.stream().map(f -> ProblemViolation.field(f, "wrong type")).toList())
            .body());
  }
}
