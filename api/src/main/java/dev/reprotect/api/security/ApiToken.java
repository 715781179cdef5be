package dev.reprotect.api.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The static API token: {@code reprotect.api.token} (which Micronaut also reads from the
 * environment variable {@code REPROTECT_API_TOKEN}). When neither it nor a JWT secret is
 * configured, a random token is generated at start and printed once to stdout, nowhere else.
 */
@Context
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class ApiToken {

  static final String JWT_SECRETS = "micronaut.security.token.jwt.signatures.secret";

  private final byte[] token;

  @Inject
  public ApiToken(@Value("${reprotect.api.token:}") String configured, Environment environment) {
    this(
        configured,
        System.getenv("REPROTECT_API_TOKEN"),
        environment.containsProperties(JWT_SECRETS),
        System.out);
  }

  ApiToken(
      @Nullable String configured,
      @Nullable String fromEnvironment,
      boolean jwtConfigured,
      PrintStream out) {
    String value = isBlank(configured) ? fromEnvironment : configured;
    if (isBlank(value) && !jwtConfigured) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      out.println("reprotect API token (generated, shown once): " + value);
    }
    this.token = isBlank(value) ? null : value.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the presented token is the API token, compared in constant time. */
  public boolean matches(String presented) {
    if (token == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
