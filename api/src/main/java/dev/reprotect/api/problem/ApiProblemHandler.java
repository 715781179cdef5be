package dev.reprotect.api.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Writes an {@link ApiProblem}, with its Location header when it has one. */
@Produces
@Singleton
public class ApiProblemHandler implements ExceptionHandler<ApiProblem, HttpResponse<ProblemBody>> {

  @Override
  public HttpResponse<ProblemBody> handle(HttpRequest request, ApiProblem problem) {
    MutableHttpResponse<ProblemBody> response = Problems.response(problem.body());
    if (problem.location() != null) {
      response.header("Location", problem.location());
    }
    return response;
  }
}
