package dev.reprotect.api.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Accepts the static API token as a bearer token, as an operator named {@value #SUBJECT}; JWTs are
 * validated by micronaut-security-jwt.
 */
@Singleton
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class ApiTokenValidator implements TokenValidator<HttpRequest<?>> {

  public static final String SUBJECT = "api-token";

  private final ApiToken apiToken;

  public ApiTokenValidator(ApiToken apiToken) {
    this.apiToken = apiToken;
  }

  @Override
  public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
    if (apiToken.matches(token)) {
      return Publishers.just(
          Authentication.build(SUBJECT, List.of(Roles.OPERATOR), Map.of("via", "static-token")));
    }
    return Publishers.empty();
  }
}
