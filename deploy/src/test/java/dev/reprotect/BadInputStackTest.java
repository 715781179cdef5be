package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * R4: bad input against the whole embedded stack over real HTTP. Every bad request answers a typed
 * 4xx problem (application/problem+json with a type and the status), and Temporal holds exactly the
 * executions it held before: a rejected request never leaves a workflow behind.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = BadInputStackTest.TOKEN)
@Property(name = "reprotect.api.max-plan-machines", value = "5")
@Property(name = "micronaut.server.port", value = "-1")
@Timeout(120)
class BadInputStackTest {

  static final String TOKEN = "bad-input-stack-test-token";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String M =
      "\"masterTarget\":\"mt-win-01\",\"processServer\":\"ps-azure-01\",\"datastore\":\"vmfs-01\",\"retentionDrive\":\"R:\"";
  static final List<String> TRIED = new ArrayList<>();

  @Inject EmbeddedServer server;

  @Inject WorkflowClient temporal;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterAll
  static void figures() {
    System.out.println("R4 bad inputs tried: " + TRIED.size() + " " + TRIED);
  }

  private static String vm(String item) {
    return "{\"replicatedItem\":\"" + item + "\"," + M + "}";
  }

  private static String plan(String... items) {
    StringBuilder b = new StringBuilder("{\"machines\":[");
    for (int i = 0; i < items.length; i++) {
      b.append(i == 0 ? "" : ",").append(vm(items[i]));
    }
    return b.append("]}").toString();
  }

  /**
   * Sends one bad request; asserts a 4xx problem of {@code status} and that no workflow appeared.
   */
  private JsonNode rejected(
      String name, String method, String path, String contentType, byte[] body, int status)
      throws Exception {
    List<String> before = StackWorkflows.keys(temporal);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.getURI() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TOKEN);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    TRIED.add(name);

    assertEquals(status, response.statusCode(), () -> name + ": " + response.body());
    assertEquals(
        "application/problem+json",
        response.headers().firstValue("Content-Type").orElse("").split(";")[0],
        () -> name + ": content type");
    JsonNode problem = JSON.readTree(response.body());
    assertTrue(problem.hasNonNull("type"), () -> name + ": " + problem);
    assertEquals(status, problem.get("status").asInt(), () -> name + ": " + problem);
    Thread.sleep(50); // anything started by mistake would be listed by now
    assertEquals(before, StackWorkflows.keys(temporal), () -> name + " left a workflow behind");
    return problem;
  }

  private JsonNode post(String name, String path, String json, int status) throws Exception {
    return rejected(
        name, "POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8), status);
  }

  @Test
  void givenBadVmBodies_whenStartingOrDryRunning_eachIsATyped400AndNothingStarts()
      throws Exception {
    for (String path : List.of("/api/v1/reprotections", "/api/v1/reprotections/preflight")) {
      post("malformed JSON " + path, path, "{\"replicatedItem\": \"vm-web-01\",", 400);
      post("truncated string " + path, path, "{\"replicatedItem\": \"vm-web", 400);
      post("array body " + path, path, "[" + vm("vm-web-01") + "]", 400);
      post("null body " + path, path, "null", 400);
      post("empty object " + path, path, "{}", 400);
      post(
          "wrong type " + path,
          path,
          "{\"replicatedItem\":42,\"masterTarget\":[1],"
              + M.substring(M.indexOf("\"processServer\""))
              + "}",
          400);
      post("number for a name " + path, path, vm("vm-web-01").replace("\"mt-win-01\"", "7"), 400);
      post("boolean for a name " + path, path, vm("vm-web-01").replace("\"R:\"", "true"), 400);
      post(
          "wrong enum " + path,
          path,
          vm("vm-web-01").replace("}", ",\"recoveryLocation\":\"SIDEWAYS\"}"),
          400);
      post(
          "unknown field " + path, path, vm("vm-web-01").replace("}", ",\"colour\":\"red\"}"), 400);
      post("path in id " + path, path, vm("../etc/passwd"), 400);
      post("slash in id " + path, path, vm("vm/web/01"), 400);
      post("control character in id " + path, path, vm("vm-web\\u0001-01"), 400);
      post("newline in id " + path, path, vm("vm-web-01\\n"), 400);
      post("NUL in id " + path, path, vm("vm\\u0000"), 400);
      post("overlong id " + path, path, vm("v".repeat(300)), 400);
      post(
          "control character in master target " + path,
          path,
          vm("vm-web-01").replace("mt-win-01", "mt\\u0007win"),
          400);
    }
    rejected("empty body", "POST", "/api/v1/reprotections", "application/json", new byte[0], 400);
    rejected(
        "invalid UTF-8",
        "POST",
        "/api/v1/reprotections",
        "application/json",
        new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
        400);
  }

  @Test
  void givenAnOversizedBody_whenStartingAVmOrAPlan_itIs413AndNothingStarts() throws Exception {
    String padding = "x".repeat(1_100_000);
    post(
        "oversized VM body",
        "/api/v1/reprotections",
        vm("vm-web-01").replace("}", ",\"padding\":\"" + padding + "\"}"),
        413);
    post(
        "oversized plan body",
        "/api/v1/recovery-plans/rp-app/reprotect",
        "{\"machines\":[" + (vm("vm-app-01") + ",").repeat(9_000) + vm("vm-app-02") + "]}",
        413);
  }

  @Test
  void givenBadPlans_whenStartingOrDryRunning_eachIsATyped4xxAndNothingStarts() throws Exception {
    for (String path :
        List.of(
            "/api/v1/recovery-plans/rp-app/reprotect",
            "/api/v1/recovery-plans/rp-app/reprotect/preflight")) {
      post("empty plan " + path, path, "{\"machines\":[]}", 400);
      post("no machines " + path, path, "{}", 400);
      post("machines not a list " + path, path, "{\"machines\":\"vm-app-01\"}", 400);
      post("duplicate machines " + path, path, plan("vm-app-01", "vm-app-02", "vm-app-01"), 400);
      post(
          "more machines than the maximum " + path,
          path,
          plan("vm-a1", "vm-a2", "vm-a3", "vm-a4", "vm-a5", "vm-a6"),
          400);
      post(
          "unknown field in a machine " + path,
          path,
          plan("vm-app-01").replace("\"R:\"}", "\"R:\",\"failbackPolicyX\":1}"),
          400);
      post(
          "wrong type in a machine " + path,
          path,
          plan("vm-app-01").replace("\"mt-win-01\"", "[\"mt-win-01\"]"),
          400);
      post("bad id in a machine " + path, path, plan("vm-app-01", "vm\\u0001app"), 400);
      post("malformed plan JSON " + path, path, "{\"machines\":[{", 400);
    }
    post(
        "control character in plan id",
        "/api/v1/recovery-plans/rp%01app/reprotect",
        plan("vm-app-01"),
        400);
    post(
        "path traversal in plan id",
        "/api/v1/recovery-plans/..%2Fetc/reprotect",
        plan("vm-app-01"),
        400);
    post(
        "overlong plan id",
        "/api/v1/recovery-plans/" + "p".repeat(300) + "/reprotect",
        plan("vm-app-01"),
        400);
  }

  @Test
  void givenBadIdsInPaths_whenReadingOrCancelling_eachIsATyped400AndNothingStarts()
      throws Exception {
    rejected(
        "control character in status id", "GET", "/api/v1/reprotections/bad%01id", null, null, 400);
    rejected(
        "path traversal in history id",
        "GET",
        "/api/v1/reprotections/..%2Fetc/history",
        null,
        null,
        400);
    rejected(
        "control character in cancel id",
        "POST",
        "/api/v1/reprotections/bad%07id/cancel",
        null,
        null,
        400);
    rejected(
        "control character in plan status",
        "GET",
        "/api/v1/recovery-plans/rp%00x/reprotection",
        null,
        null,
        400);
    rejected(
        "control character in options item",
        "GET",
        "/api/v1/replicated-items/bad%1Bid/reprotect-options",
        null,
        null,
        400);
  }
}
