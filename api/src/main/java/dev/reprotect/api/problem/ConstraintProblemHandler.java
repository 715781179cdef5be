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
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.Comparator;
import java.util.List;

/** Constraint violations (blank, too long, bad id pattern) as a 400 listing each field. */
@Primary
@Produces
@Singleton
@Replaces(ProblemConstraintViolationExceptionHandler.class)
public class ConstraintProblemHandler
    implements ExceptionHandler<ConstraintViolationException, HttpResponse<ProblemBody>> {

  @Override
  public HttpResponse<ProblemBody> handle(
      HttpRequest request, ConstraintViolationException exception) {
    List<ProblemViolation> violations =
        exception.getConstraintViolations().stream()
            .map(v -> ProblemViolation.field(fieldOf(v), v.getMessage()))
            .sorted(Comparator.comparing(ProblemViolation::field))
            .toList();
    return Problems.response(ApiProblem.badRequest(violations).body());
  }

  /**
   * The field's path within the body or the parameter's name: {@code start.body.replicatedItem} is
   * {@code replicatedItem}, {@code start.body.machines[3].replicatedItem} is {@code
   * machines[3].replicatedItem}, {@code status.id} is {@code id}.
   */
  static String fieldOf(ConstraintViolation<?> violation) {
    @Nullable String parameter = null;
    List<String> segments = new java.util.ArrayList<>();
    for (Path.Node node : violation.getPropertyPath()) {
      ElementKind kind = node.getKind();
      if (kind == ElementKind.METHOD
          || kind == ElementKind.CONSTRUCTOR
          || kind == ElementKind.RETURN_VALUE
          || kind == ElementKind.CROSS_PARAMETER) {
        continue;
      }
      if (kind == ElementKind.PARAMETER) {
        parameter = node.getName();
        segments.clear();
        continue;
      }
      if (node.isInIterable() && !segments.isEmpty()) {
        Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
        if (at != null) {
          int last = segments.size() - 1;
          segments.set(last, segments.get(last) + "[" + at + "]");
        }
      }
      String name = node.getName();
      if (name != null && !name.isEmpty() && !name.startsWith("<")) {
        segments.add(name);
      }
    }
    if (!segments.isEmpty()) {
      return String.join(".", segments);
    }
    return parameter == null ? "body" : parameter;
  }
}
