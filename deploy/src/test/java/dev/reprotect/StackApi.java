package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The embedded stack's API as the stack tests call it: over real HTTP with the configured bearer
 * token, JSON bodies as maps, and polling until a body shows what a test waits for. A test injects
 * it and runs in {@link #ENVIRONMENT}, which configures the stack (application-stack.yml).
 */
@Singleton
class StackApi {

  /** The environment of application-stack.yml: a fast simulated site and the token sent here. */
  static final String ENVIRONMENT = "stack";

  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private final HttpClient http;
  private final String token;

  StackApi(@Client("/") HttpClient http, @Value("${reprotect.api.token}") String token) {
    this.http = http;
    this.token = token;
  }

  /** The same API called with another bearer token, e.g. a JWT with other roles. */
  StackApi as(String otherToken) {
    return new StackApi(http, otherToken);
  }

  BlockingHttpClient client() {
    return http.toBlocking();
  }

  HttpResponse<Map<String, Object>> post(String path, Object body) {
    return client().exchange(HttpRequest.POST(path, body).bearerAuth(token), JSON);
  }

  Map<String, Object> get(String path) {
    return client().retrieve(HttpRequest.GET(path).bearerAuth(token), JSON);
  }

  /** A body that is not JSON, e.g. a workflow's history. */
  String text(String path) {
    return client().retrieve(HttpRequest.GET(path).bearerAuth(token));
  }

  /** The problem body of a POST refused with {@code status}. */
  Map<String, Object> refused(HttpStatus status, String path, Object body) {
    HttpClientResponseException refused =
        assertThrows(HttpClientResponseException.class, () -> post(path, body));
    assertEquals(status, refused.getStatus(), path);
    return refused.getResponse().getBody(JSON).orElseThrow();
  }

  /** Reads {@code path} every 100 ms until its body passes {@code until}; fails after 90 s. */
  Map<String, Object> await(String path, Predicate<Map<String, Object>> until)
      throws InterruptedException {
    return await(path, PATIENCE, until);
  }

  Map<String, Object> await(String path, Duration patience, Predicate<Map<String, Object>> until)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(patience);
    Map<String, Object> body = get(path);
    while (!until.test(body)) {
      assertTrue(
          Instant.now().isBefore(deadline), "timed out waiting on " + path + "; last " + body);
      Thread.sleep(100);
      body = get(path);
    }
    return body;
  }

  /** The status of reprotection {@code id} once it passes {@code until}. */
  Map<String, Object> awaitReprotection(String id, Predicate<Map<String, Object>> until)
      throws InterruptedException {
    return await("/api/v1/reprotections/" + id, until);
  }

  static boolean terminal(Map<String, Object> status) {
    return List.of("PROTECTED", "FAILED", "CANCELLED").contains(status.get("state"));
  }

  /** A reprotection request (or a plan's machine) with every value given. */
  static Map<String, Object> machine(String vm, String mt, String ps, String ds, String drive) {
    return Map.of(
        "replicatedItem",
        vm,
        "masterTarget",
        mt,
        "processServer",
        ps,
        "datastore",
        ds,
        "retentionDrive",
        drive);
  }

  /** A Windows VM of the sample site onto its Windows master target, vmfs-01 and drive R:. */
  static Map<String, Object> onWindowsMasterTarget(String vm) {
    return machine(vm, "mt-win-01", "ps-azure-01", "vmfs-01", "R:");
  }

  /** A list of JSON objects in a body, e.g. a status's steps or a page's items. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> listOf(Map<String, Object> body, String key) {
    return (List<Map<String, Object>>) body.get(key);
  }
}
