package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document micronaut-openapi generates at compile time against the HTTP contract (a
 * copy of the steering document in {@code src/test/resources/contract/api-contract.md}): every
 * operation of the contract's tables is in the document with its success code and its problem
 * responses, and the document has no {@code /api} operation the contract lacks beyond the listed
 * extras.
 */
class OpenApiContractTest {

  static final String DOCUMENT = "META-INF/swagger/reprotect-v1.yml";
  static final String CONTRACT = "contract/api-contract.md";
  static final String PROBLEM_JSON = "application/problem+json";

  /**
   * Operations beyond the contract, said so in the README: plan pause/resume, plan list, master
   * targets, plan history, who the caller is.
   */
  static final Set<String> BEYOND_CONTRACT =
      Set.of(
          "GET /api/v1/me",
          "POST /api/v1/recovery-plans/{}/reprotection/pause",
          "POST /api/v1/recovery-plans/{}/reprotection/resume",
          "GET /api/v1/recovery-plans",
          "GET /api/v1/master-targets",
          "GET /api/v1/recovery-plans/{}/reprotection/history");

  /** The problem responses each contract operation documents, besides 400 and 401 on every one. */
  static final Map<String, Set<String>> PROBLEMS =
      Map.ofEntries(
          Map.entry("GET /api/v1/replicated-items", Set.of()),
          Map.entry("GET /api/v1/replicated-items/{}/reprotect-options", Set.of("404")),
          Map.entry("POST /api/v1/reprotections", Set.of("403", "409", "422")),
          Map.entry("POST /api/v1/reprotections/preflight", Set.of()),
          Map.entry("GET /api/v1/reprotections/{}", Set.of("404")),
          Map.entry("GET /api/v1/reprotections", Set.of()),
          Map.entry("POST /api/v1/reprotections/{}/cancel", Set.of("403", "404", "409")),
          Map.entry("GET /api/v1/reprotections/{}/history", Set.of("404")),
          Map.entry("POST /api/v1/recovery-plans/{}/reprotect", Set.of("403", "409", "422")),
          Map.entry("POST /api/v1/recovery-plans/{}/reprotect/preflight", Set.of()),
          Map.entry("GET /api/v1/recovery-plans/{}/reprotection", Set.of("404")),
          Map.entry(
              "POST /api/v1/recovery-plans/{}/reprotection/cancel", Set.of("403", "404", "409")),
          Map.entry("POST /api/v1/recovery-plans/{}/placement", Set.of("422")));

  static Map<String, Object> document;
  static Map<String, String> contract;

  @BeforeAll
  static void load() throws IOException {
    document = new Yaml().load(resource(DOCUMENT));
    contract = contractOperations(resource(CONTRACT));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = OpenApiContractTest.class.getClassLoader().getResourceAsStream(name)) {
      assertNotNull(
          in,
          name
              + " is not on the class path (micronaut-openapi writes the document at compile time)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * "METHOD /path" (placeholders as {}) to its success code, from the contract's operation tables.
   */
  static Map<String, String> contractOperations(String markdown) {
    Pattern row =
        Pattern.compile(
            "^\\|\\s*`(GET|POST|PUT|PATCH|DELETE) (/[^`?]+)[^`]*`\\s*\\|.*\\|([^|]*)\\|\\s*$");
    Pattern code = Pattern.compile("\\b([1-5]\\d\\d)\\b");
    Map<String, String> operations = new LinkedHashMap<>();
    for (String line : markdown.split("\n")) {
      Matcher m = row.matcher(line.strip());
      if (m.matches()) {
        Matcher success = code.matcher(m.group(3));
        assertTrue(success.find(), "no success code in contract row: " + line);
        operations.put(m.group(1) + " " + normalize(m.group(2).strip()), success.group(1));
      }
    }
    return operations;
  }

  static String normalize(String path) {
    return path.replaceAll("\\{[^}]*}", "{}");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> documentOperations() {
    Map<String, Map<String, Object>> operations = new LinkedHashMap<>();
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) document.get("paths");
    paths.forEach(
        (path, methods) ->
            methods.forEach(
                (method, operation) -> {
                  if (operation instanceof Map<?, ?> op && op.containsKey("responses")) {
                    operations.put(
                        method.toUpperCase() + " " + normalize(path), (Map<String, Object>) op);
                  }
                }));
    return operations;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> responses(Map<String, Object> operation) {
    return (Map<String, Object>) operation.get("responses");
  }

  @Test
  void theContractCopyListsTheOperationsOfItsTables() {
    assertEquals(13, contract.size(), contract.toString());
    assertEquals("202", contract.get("POST /api/v1/reprotections"));
    assertEquals("200", contract.get("GET /api/v1/reprotections"));
    assertEquals(PROBLEMS.keySet(), contract.keySet());
  }

  @Test
  void everyContractOperationIsDocumentedWithItsSuccessCode() {
    Map<String, Map<String, Object>> documented = documentOperations();
    List<String> missing = new ArrayList<>();
    contract.forEach(
        (operation, success) -> {
          Map<String, Object> op = documented.get(operation);
          if (op == null) {
            missing.add(operation);
            return;
          }
          assertTrue(
              responses(op).containsKey(success),
              operation
                  + " documents "
                  + responses(op).keySet()
                  + ", the contract says "
                  + success);
          assertFalse(
              success.equals("202") && responses(op).containsKey("200"),
              operation + " documents 200 besides the contract's 202");
          assertNotNull(op.get("summary"), operation + " has no summary");
          assertNotNull(op.get("operationId"), operation + " has no operationId");
        });
    assertEquals(List.of(), missing, "contract operations missing from the OpenAPI document");
  }

  @Test
  void everyContractOperationDocumentsItsProblemResponsesAsProblemJson() {
    Map<String, Map<String, Object>> documented = documentOperations();
    PROBLEMS.forEach(
        (operation, problems) -> {
          Map<String, Object> op = documented.get(operation);
          if (op == null) {
            return; // reported by the test above
          }
          Set<String> expected = new TreeSet<>(problems);
          expected.add("400");
          expected.add("401");
          for (String status : expected) {
            Object response = responses(op).get(status);
            assertNotNull(
                response,
                operation + " does not document " + status + "; it has " + responses(op).keySet());
            assertTrue(
                ((Map<?, ?>) ((Map<?, ?>) response).get("content")).containsKey(PROBLEM_JSON),
                operation + " " + status + " is not " + PROBLEM_JSON);
          }
        });
  }

  @Test
  void theDocumentHasNoApiOperationBeyondTheContractButTheListedOnes() {
    Set<String> extra = new TreeSet<>(documentOperations().keySet());
    extra.removeIf(op -> !op.split(" ", 2)[1].startsWith("/api/"));
    extra.removeAll(contract.keySet());
    extra.removeAll(BEYOND_CONTRACT);
    assertEquals(Set.of(), extra, "API operations neither in the contract nor listed as beyond it");
  }

  @Test
  void operationIdsAreUniqueAndTheApiTakesABearerToken() {
    List<Object> ids =
        documentOperations().values().stream().map(op -> op.get("operationId")).toList();
    assertEquals(
        ids.size(),
        new TreeSet<>(ids.stream().map(String::valueOf).toList()).size(),
        ids.toString());
    Map<?, ?> schemes = (Map<?, ?>) ((Map<?, ?>) document.get("components")).get("securitySchemes");
    Map<?, ?> bearer = (Map<?, ?>) schemes.get("bearer");
    assertEquals("http", bearer.get("type"));
    assertEquals("bearer", bearer.get("scheme"));
    assertEquals(List.of(Map.of("bearer", List.of())), document.get("security"));
  }
}
