package dev.reprotect.api.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.problem.ProblemErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every error the framework answers (malformed or unknown input, no credentials, unknown route,
 * server faults) as the contract's application/problem+json. Replaces problem-json's processor so
 * that a 400 lists the bad fields as {@code violations}; never writes a stack trace, and writes no
 * exception text for a 5xx.
 */
@Primary
@Singleton
@Replaces(ProblemErrorResponseProcessor.class)
public class ProblemResponseProcessor implements ErrorResponseProcessor<ProblemBody> {

  private static final Pattern UNKNOWN_PROPERTY =
      Pattern.compile("Unknown property \\[([^\\]]+)\\]");
  private static final Pattern PROPERTY =
      Pattern.compile("property \\[(?:[^\\]]* )?([A-Za-z0-9_]+)\\]");
  private static final Pattern ARGUMENT = Pattern.compile("argument \\[([A-Za-z0-9_]+)\\]");

  private final WrongTypeFields wrongTypes;

  public ProblemResponseProcessor(WrongTypeFields wrongTypes) {
    this.wrongTypes = wrongTypes;
  }

  @Override
  @SuppressWarnings("unchecked")
  public MutableHttpResponse<ProblemBody> processResponse(
      ErrorContext context, MutableHttpResponse<?> response) {
    int status = response.code();
    ProblemBody body;
    if (status == 400) {
      List<ProblemViolation> violations = new ArrayList<>();
      for (Error error : context.getErrors()) {
        ProblemViolation violation = violationOf(error);
        if (violation.message().startsWith("wrong type")) {
          List<String> fields = wrongTypes.find(context.getRequest());
          if (!fields.isEmpty()) {
            fields.forEach(f -> violations.add(ProblemViolation.field(f, "wrong type")));
            continue;
          }
        }
        violations.add(violation);
      }
      if (violations.isEmpty()) {
        violations.add(ProblemViolation.field("body", "malformed request"));
      }
      body = ApiProblem.badRequest(violations).body();
    } else {
      body =
          new ProblemBody(
              ProblemTypes.forStatus(status),
              titleOf(status, response.reason()),
              status,
              detailOf(status, context),
              null,
              null,
              null);
    }
    return ((MutableHttpResponse<ProblemBody>) response)
        .body(body)
        .contentType(Problems.PROBLEM_JSON);
  }

  /** The bad field an input error names, with a message free of Java types. */
  static ProblemViolation violationOf(Error error) {
    String message = error.getMessage() == null ? "invalid" : error.getMessage();
    Matcher unknown = UNKNOWN_PROPERTY.matcher(message);
    if (unknown.find()) {
      return ProblemViolation.field(unknown.group(1), "unknown field");
    }
    Matcher property = PROPERTY.matcher(message);
    if (property.find()) {
      return ProblemViolation.field(property.group(1), "wrong type or malformed value");
    }
    String field = error.getPath().map(p -> p.startsWith("/") ? p.substring(1) : p).orElse(null);
    if (message.contains("Unexpected token") && message.contains("expected")) {
      return ProblemViolation.field(
          field == null ? "body" : field, "wrong type or malformed value");
    }
    if (field == null) {
      Matcher argument = ARGUMENT.matcher(message);
      field = argument.find() ? argument.group(1) : "body";
    }
    String lower = message.toLowerCase();
    String text =
        lower.contains("json") || lower.contains("unexpected") || lower.contains("token")
            ? "malformed JSON"
            : message.length() > 200 ? message.substring(0, 200) : message;
    return ProblemViolation.field(field, text);
  }

  private static String titleOf(int status, String reason) {
    return switch (status) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      default -> reason == null || reason.isBlank() ? "HTTP " + status : reason;
    };
  }

  private static String detailOf(int status, ErrorContext context) {
    if (status == 401) {
      return "Authorization: Bearer <token> required: a JWT signed with the configured key or the API token";
    }
    if (status == 403) {
      return "only an OPERATOR may start, cancel, pause or resume; a VIEWER reads";
    }
    if (status >= 500) {
      return "internal error; see the server log";
    }
    return context.getErrors().stream().map(Error::getMessage).findFirst().orElse(null);
  }
}
