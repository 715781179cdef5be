package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.api.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed or unknown input: a 400 problem listing the bad fields, no rule, no stack trace. */
@MicronautTest
class BadInputTest extends OverHttp {

  static JsonNode assertBadRequest(Http.Answer answer) {
    assertEquals(400, answer.status(), answer.body());
    assertEquals("application/problem+json", answer.contentType());
    JsonNode problem = answer.json();
    assertEquals(
        "https://reprotect.dev/problems/bad-request",
        problem.get("type").asText(),
        problem.toString());
    assertEquals(400, problem.get("status").asInt());
    assertNull(problem.get("rule"), "a 400 names no rule");
    assertTrue(problem.get("violations").size() > 0, problem.toString());
    assertFalse(
        answer.body().contains("\tat ") || answer.body().contains("stackTrace"), answer.body());
    return problem;
  }

  static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.get("violations").forEach(v -> fields.add(v.get("field").asText()));
    return fields;
  }

  @Test
  void givenMalformedJson_whenStarting_itShouldAnswer400() {
    assertBadRequest(http().post("/api/v1/reprotections", "{\"replicatedItem\": \"vm-web-01\","));
  }

  @Test
  void givenAWrongType_whenStarting_itShouldAnswer400NamingTheField() {
    JsonNode problem =
        assertBadRequest(
            http()
                .post(
                    "/api/v1/reprotections",
                    "{\"replicatedItem\":\"vm-web-01\",\"masterTarget\":{\"name\":\"mt\"},\"processServer\":\"ps-azure-01\","
                        + "\"datastore\":\"vmfs-01\"}"));
    assertEquals(List.of("masterTarget"), fields(problem), problem.toString());
  }

  @Test
  void givenANumberOrAOneElementArrayWhereANameBelongs_whenStarting_itShouldAnswer400NamingEach() {
    JsonNode problem =
        assertBadRequest(
            http()
                .post(
                    "/api/v1/reprotections",
                    "{\"replicatedItem\":42,\"masterTarget\":[\"mt-win-01\"],\"processServer\":\"ps-azure-01\","
                        + "\"datastore\":\"vmfs-01\"}"));
    assertEquals(List.of("replicatedItem", "masterTarget"), fields(problem), problem.toString());
  }

  @Test
  void givenAWrongEnumValue_whenStarting_itShouldAnswer400() {
    JsonNode problem =
        assertBadRequest(
            http()
                .post(
                    "/api/v1/reprotections",
                    Http.body(
                        "vm-web-01", "mt-win-01", "vmfs-01", "\"recoveryLocation\":\"SIDEWAYS\"")));
    assertEquals(List.of("recoveryLocation"), fields(problem));
  }

  @Test
  void givenAnUnknownField_whenStarting_itShouldAnswer400NamingIt() {
    JsonNode problem =
        assertBadRequest(
            http()
                .post(
                    "/api/v1/reprotections",
                    Http.body("vm-web-01", "mt-win-01", "vmfs-01", "\"rpo\":15")));
    assertEquals(List.of("rpo"), fields(problem), problem.toString());
    assertEquals("unknown field", problem.get("violations").get(0).get("message").asText());
  }

  @Test
  void givenMissingRequiredFields_whenStarting_itShouldAnswer400ListingEach() {
    JsonNode problem =
        assertBadRequest(
            http()
                .post(
                    "/api/v1/reprotections",
                    "{\"replicatedItem\":\"vm-web-01\",\"masterTarget\":\" \",\"datastore\":\"vmfs-01\"}"));
    assertEquals(List.of("masterTarget", "processServer"), fields(problem), problem.toString());
  }

  @Test
  void givenBadItemIds_whenStartingOrDryRunning_itShouldAnswer400() {
    for (String bad :
        List.of("../etc", "a/b", "a\\\\b", "vm\\u0001x", "x".repeat(129), "-leading")) {
      JsonNode problem =
          assertBadRequest(
              http().post("/api/v1/reprotections", Http.body(bad, "mt-win-01", "vmfs-01", null)));
      assertEquals(List.of("replicatedItem"), fields(problem), bad + " -> " + problem);
    }
    assertBadRequest(
        http()
            .post(
                "/api/v1/reprotections/preflight", Http.body("a/b", "mt-win-01", "vmfs-01", null)));
  }

  @Test
  void givenBadPathIds_whenReadingStatus_itShouldAnswer400() {
    assertBadRequest(http().get("/api/v1/reprotections/" + "x".repeat(200)));
    assertBadRequest(http().get("/api/v1/reprotections/bad%01id"));
    assertBadRequest(http().get("/api/v1/reprotections/..%2Fetc"));
    assertBadRequest(http().get("/api/v1/replicated-items/bad%01id/reprotect-options"));
  }
}
