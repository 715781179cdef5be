package dev.reprotect.api.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.problem.violations.ProblemConstraintViolationExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;

/** Constraint violations (blank, too long, bad id pattern) as a 400 listing each field. */
@Primary
@Produces
@Singleton
@Replaces(ProblemConstraintViolationExceptionHandler.class)
public class ConstraintProblemHandler implements ExceptionHandler<ConstraintViolationException, HttpResponse<ProblemBody>> {

  @Override
  public HttpResponse<ProblemBody> handle(HttpRequest request, ConstraintViolationException exception) {
    List<ProblemViolation> violations = exception.getConstraintViolations().stream()
        .map(v -> ProblemViolation.field(fieldOf(v), v.getMessage()))
        .sorted(Comparator.comparing(ProblemViolation::field))
        .toList();
    return Problems.response(ApiProblem.badRequest(violations).body());
  }

  /** The last name of the property path: {@code start.body.replicatedItem} is {@code replicatedItem}. */
  private static String fieldOf(ConstraintViolation<?> violation) {
    @Nullable String last = null;
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getName() != null) {
        last = node.getName();
      }
    }
    return last == null ? "body" : last;
  }
}
