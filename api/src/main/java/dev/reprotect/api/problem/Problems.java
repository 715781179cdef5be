package dev.reprotect.api.problem;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** Writes problem bodies as application/problem+json. */
public final class Problems {

  public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

  private Problems() {}

  public static MutableHttpResponse<ProblemBody> response(ProblemBody body) {
    return HttpResponse.<ProblemBody>status(HttpStatus.valueOf(body.status()))
        .body(body)
        .contentType(PROBLEM_JSON);
  }
}
