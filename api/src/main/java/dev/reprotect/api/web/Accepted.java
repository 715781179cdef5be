package dev.reprotect.api.web;

import dev.reprotect.api.security.Requesters;
import io.micronaut.http.HttpResponse;
import io.micronaut.security.authentication.Authentication;
import java.net.URI;
import java.util.function.Function;

/**
 * The 202 an operator's request answers: the action runs as the requester (who it records and the
 * logs show), and the Location header points at the status to follow.
 */
public final class Accepted {

  private Accepted() {}

  /** Runs {@code action} with the requester's name, then answers 202 with its body. */
  public static <T> HttpResponse<T> as(
      Authentication authentication, String location, Function<String, T> action) {
    String by = Requesters.of(authentication);
    T body = Requesters.as(by, () -> action.apply(by));
    return at(location, body);
  }

  /** 202 with {@code body} and {@code location}. */
  public static <T> HttpResponse<T> at(String location, T body) {
    return HttpResponse.<T>accepted().headers(h -> h.location(URI.create(location))).body(body);
  }
}
