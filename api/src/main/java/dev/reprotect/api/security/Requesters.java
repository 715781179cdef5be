package dev.reprotect.api.security;

import io.micronaut.security.authentication.Authentication;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Who asks: the JWT's subject, or {@code api-token} for the static token. While the API acts for
 * them, the logging MDC carries it under {@value #MDC_KEY} (text logs print it in brackets, JSON
 * logs under {@code mdc}).
 */
public final class Requesters {

  public static final String MDC_KEY = "requester";

  private Requesters() {}

  /** The name an authenticated caller is recorded by. */
  public static String of(Authentication authentication) {
    return authentication == null ? null : authentication.getName();
  }

  /** Runs {@code action} with {@code who} in the logging MDC. */
  public static <T> T as(String who, Supplier<T> action) {
    if (who == null) {
      return action.get();
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, who)) {
      return action.get();
    }
  }
}
