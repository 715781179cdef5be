package dev.reprotect.cli.http;

import dev.reprotect.cli.CliFailure;
import dev.reprotect.cli.ExitCodes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The reprotect HTTP API as the CLI uses it: bodies travel as JSON text, so {@code --output json}
 * can print them unchanged. Every answer that is not a success becomes a {@link CliFailure} with
 * its exit code. The token goes only into the Authorization header: never into a message.
 */
public final class ApiClient implements AutoCloseable {

  private static final MediaType PROBLEM = MediaType.APPLICATION_JSON_PROBLEM_TYPE;

  private final HttpClient http;
  private final String baseUrl;
  private final String token;

  public ApiClient(HttpClient http, String baseUrl, @Nullable String token) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** A path segment, encoded (names are plain, but a typo must not change the path). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query parameter value, encoded. */
  public static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public ApiAnswer get(String path) {
    return exchange(HttpRequest.GET(path));
  }

  public ApiAnswer post(String path, String jsonBody) {
    return exchange(HttpRequest.POST(path, jsonBody).contentType(MediaType.APPLICATION_JSON_TYPE));
  }

  private ApiAnswer exchange(MutableHttpRequest<?> request) {
    request.accept(MediaType.APPLICATION_JSON_TYPE, PROBLEM);
    if (token != null) {
      request.bearerAuth(token);
    }
    try {
      HttpResponse<String> response =
          http.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
      return new ApiAnswer(response.code(), response.getBody().orElse(""));
    } catch (HttpClientResponseException refused) {
      int status = refused.getStatus().getCode();
      String body = refused.getResponse().getBody(String.class).orElse(null);
      return fail(status, body, refused);
    } catch (HttpClientException unreachable) {
      throw new CliFailure(
          ExitCodes.UNAVAILABLE,
          "cannot reach the API at " + baseUrl + ": " + unreachable.getMessage(),
          null,
          unreachable);
    }
  }

  private static ApiAnswer fail(int status, @Nullable String body, Throwable cause) {
    String message =
        switch (status) {
          case 401 -> "authentication failed (401)";
          case 403 -> "not allowed (403): this token's role may only read";
          default -> "the API answered " + status;
        };
    throw new CliFailure(ExitCodes.forHttpStatus(status), message, body, cause);
  }

  @Override
  public void close() {
    http.close();
  }
}
