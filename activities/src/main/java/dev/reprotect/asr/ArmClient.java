package dev.reprotect.asr;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.site.SiteException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Azure Resource Manager client on the JDK's HttpClient: GET and POST of JSON with a bearer
 * token from an azure-identity {@link TokenCredential} (cached until shortly before it expires).
 * Throttling (429, waiting its Retry-After), 5xx and I/O faults are retried in-call up to {@link
 * AsrSettings#maxAttempts()}, then reported as retryable failures. A POST (reProtect, remove) is
 * not idempotent: it is retried in-call only when Azure surely did not act on it (429, or a
 * connection never made); after a 5xx or a fault once it was sent, the caller reads the item before
 * posting again. 401 is a non-retryable authentication failure naming the credential settings; 403
 * names the role to grant. Tokens go only to the configured endpoint's host and are never logged.
 */
public final class ArmClient {

  private static final Logger LOG = LoggerFactory.getLogger(ArmClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TOKEN_MARGIN = Duration.ofMinutes(2);

  /** How the client waits between attempts (tests record the waits instead). */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** A response: its status, headers and JSON body (null when empty). */
  public record Response(int status, java.net.http.HttpHeaders headers, JsonNode body) {

    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private final AsrSettings settings;
  private final TokenCredential credential;
  private final HttpClient http;
  private final Sleeper sleeper;
  private volatile AccessToken token;

  public ArmClient(AsrSettings settings, TokenCredential credential) {
    this(
        settings,
        credential,
        HttpClient.newBuilder().connectTimeout(settings.timeout()).build(),
        d -> Thread.sleep(d.toMillis()));
  }

  public ArmClient(
      AsrSettings settings, TokenCredential credential, HttpClient http, Sleeper sleeper) {
    this.settings = settings;
    this.credential = credential;
    this.http = http;
    this.sleeper = sleeper;
  }

  /**
   * GET of a path under the endpoint (api-version added) or of an absolute URL the service gave.
   */
  public Response get(String pathOrUrl) {
    return send("GET", pathOrUrl, null);
  }

  public Response post(String pathOrUrl, JsonNode body) {
    return send("POST", pathOrUrl, body);
  }

  /** GET with another api-version (e.g. Compute's for a VM); only for paths under the endpoint. */
  public Response get(String path, String apiVersion) {
    return send("GET", path + (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion, null);
  }

  URI uri(String pathOrUrl) {
    URI base = settings.endpoint();
    URI target;
    if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
      target = URI.create(pathOrUrl);
      // Operation URLs come from response headers: never send the token to another host.
      if (!base.getHost().equalsIgnoreCase(target.getHost()) || port(base) != port(target)) {
        throw new SiteException(
            ProductFailure.ASR_OPERATION_FAILED,
            "Azure sent an operation URL"
                + " on another host ("
                + target.getHost()
                + "); not followed");
      }
    } else {
      String b = base.toString();
      target = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathOrUrl);
    }
    if (target.getQuery() == null || !target.getQuery().contains("api-version=")) {
      target =
          URI.create(
              target
                  + (target.getQuery() == null ? "?" : "&")
                  + "api-version="
                  + settings.apiVersion());
    }
    return target;
  }

  private static int port(URI u) {
    return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private Response send(String method, String pathOrUrl, JsonNode body) {
    URI uri = uri(pathOrUrl);
    boolean refreshed = false;
    String lastFault = null;
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(settings.timeout())
              .header("Authorization", "Bearer " + token(false))
              .header("Accept", "application/json");
      if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        lastFault = e.getClass().getSimpleName() + " on " + method + " " + uri.getPath();
        LOG.info("ARM {} {}: {} (attempt {})", method, uri.getPath(), e.toString(), attempt);
        if (!idempotent(method) && !neverSent(e)) {
          throw AsrErrors.unavailable(lastFault + "; not repeated, as Azure may have acted on it");
        }
        if (attempt >= settings.maxAttempts()) {
          throw AsrErrors.unavailable(lastFault + " after " + attempt + " attempts");
        }
        pause(backoff(attempt));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while calling Azure", e);
      }
      int status = response.statusCode();
      JsonNode json = parse(response.body());
      LOG.debug("ARM {} {} -> {}", method, uri.getPath(), status);
      if (status == 401) {
        AsrError error = AsrError.fromArmBody(json);
        if (!refreshed) {
          refreshed = true; // a token revoked or expired early: one fresh token, then give up
          token(true);
          attempt--;
          continue;
        }
        throw AsrErrors.authentication(
            "Azure Resource Manager answered 401"
                + (error == null ? "" : " (" + error.code() + ": " + error.message() + ")"));
      }
      if (status == 403) {
        AsrError error = AsrError.fromArmBody(json);
        throw AsrErrors.authorization(
            method
                + " "
                + uri.getPath()
                + " answered 403"
                + (error == null ? "" : " (" + error.code() + ": " + error.message() + ")"));
      }
      if (status == 429 || status >= 500) {
        Duration wait = retryAfter(response).orElse(backoff(attempt));
        AsrError error = AsrError.fromArmBody(json);
        lastFault =
            method
                + " "
                + uri.getPath()
                + " answered "
                + status
                + (error == null ? "" : " (" + error.code() + ": " + error.message() + ")");
        LOG.info(
            "ARM {} {} -> {}, waiting {} ms (attempt {})",
            method,
            uri.getPath(),
            status,
            wait.toMillis(),
            attempt);
        if (status >= 500 && !idempotent(method)) {
          throw AsrErrors.unavailable(lastFault + "; not repeated, as Azure may have acted on it");
        }
        if (attempt >= settings.maxAttempts() || wait.compareTo(settings.maxRetryAfter()) > 0) {
          String detail =
              lastFault
                  + " after "
                  + attempt
                  + " attempt"
                  + (attempt == 1 ? "" : "s")
                  + (status == 429 ? "; Retry-After " + wait.toSeconds() + " s" : "");
          throw status == 429 ? AsrErrors.throttled(detail) : AsrErrors.unavailable(detail);
        }
        pause(wait);
        continue;
      }
      return new Response(status, response.headers(), json);
    }
  }

  /** GET may be repeated freely; a POST starts an operation each time Azure takes it. */
  private static boolean idempotent(String method) {
    return "GET".equals(method);
  }

  /** A fault before the request left: no connection was made, so Azure cannot have acted on it. */
  private static boolean neverSent(IOException e) {
    return e instanceof java.net.ConnectException
        || e instanceof java.net.http.HttpConnectTimeoutException;
  }

  /** Retry-After as seconds or an HTTP date (RFC 7231). */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(ArmClient::parseRetryAfter);
  }

  static Optional<Duration> parseRetryAfter(String value) {
    String v = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException unreadable) {
        return Optional.empty();
      }
    }
  }

  private static Duration backoff(int attempt) {
    return Duration.ofMillis(Math.min(8_000, 250L << Math.min(5, attempt - 1)));
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry an Azure call", e);
    }
  }

  private String token(boolean renew) {
    AccessToken current = token;
    if (!renew
        && current != null
        && current.getExpiresAt().isAfter(OffsetDateTime.now().plus(TOKEN_MARGIN))) {
      return current.getToken();
    }
    try {
      AccessToken fresh =
          credential.getTokenSync(new TokenRequestContext().addScopes(settings.tokenScope()));
      if (fresh == null || fresh.getToken() == null) {
        throw AsrErrors.authentication("the credential returned no token");
      }
      token = fresh;
      return fresh.getToken();
    } catch (SiteException failure) {
      throw failure;
    } catch (RuntimeException e) {
      // azure-identity's messages name the tenant, client and cause, never the secret.
      throw AsrErrors.authentication(
          "no token for "
              + settings.tokenScope()
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (IOException notJson) {
      return null;
    }
  }

  public static ObjectMapper json() {
    return JSON;
  }
}
