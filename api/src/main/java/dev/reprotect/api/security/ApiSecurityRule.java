package dev.reprotect.api.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * The API's access rule in code, so the assembled application needs no intercept-url-map for it:
 * {@code /api/**} needs an authenticated caller (JWT or API token); {@code /health/**}, {@code
 * /prometheus}, {@code /swagger/**}, {@code /swagger-ui/**}, {@code /} and the dashboard's static
 * page ({@code /dashboard/**}) are open; anything else is left to other rules (and is rejected when
 * none allows it). Runs after the configuration-based rules, so an intercept-url-map in the
 * application still has the last word.
 */
@Singleton
public class ApiSecurityRule implements SecurityRule<HttpRequest<?>> {

  public static final int ORDER = 0;

  @Override
  public Publisher<SecurityRuleResult> check(
      HttpRequest<?> request, @Nullable Authentication authentication) {
    String path = request.getPath();
    if (path.equals("/api") || path.startsWith("/api/")) {
      return Publishers.just(
          authentication != null ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }
    if (path.equals("/health")
        || path.startsWith("/health/")
        || path.equals("/prometheus")
        || path.startsWith("/swagger/")
        || path.equals("/swagger-ui")
        || path.startsWith("/swagger-ui/")
        // The dashboard's page and assets carry no data; its API calls send the token.
        || path.equals("/")
        || path.equals("/dashboard")
        || path.startsWith("/dashboard/")) {
      return Publishers.just(SecurityRuleResult.ALLOWED);
    }
    return Publishers.just(SecurityRuleResult.UNKNOWN);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
