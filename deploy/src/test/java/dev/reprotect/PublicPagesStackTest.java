package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the assembled application serves without credentials besides health and metrics: "/" leads
 * to the dashboard, whose page and assets are static; the OpenAPI document and Swagger UI are open.
 * Their data stays behind the token: the API the page calls still answers 401 without it.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = PublicPagesStackTest.TOKEN)
@Timeout(120)
class PublicPagesStackTest {

  static final String TOKEN = "public-pages-stack-test-token";

  @Inject EmbeddedServer server;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + path))
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  @Test
  void givenNoCredentials_theRootShouldLeadToTheDashboardWhosePageAndAssetsAreServed()
      throws Exception {
    HttpResponse<String> root = get("/");
    assertEquals(303, root.statusCode());
    assertEquals("/dashboard/", root.headers().firstValue("Location").orElse(""));

    HttpResponse<String> page = get("/dashboard/");
    assertEquals(200, page.statusCode());
    assertTrue(contentType(page).startsWith("text/html"), contentType(page));
    assertTrue(
        page.body().contains("/dashboard/dashboard.js")
            && page.body().contains("data-testid=\"plan-rows\""));
    assertTrue(
        page.body().contains("Content-Security-Policy"),
        "the page declares its content security policy");

    HttpResponse<String> script = get("/dashboard/dashboard.js");
    assertEquals(200, script.statusCode());
    assertTrue(contentType(script).contains("javascript"), contentType(script));
    assertTrue(script.body().contains("/api/v1/recovery-plans"));
    assertEquals(200, get("/dashboard/dashboard.css").statusCode());

    assertEquals(
        401,
        get("/api/v1/recovery-plans").statusCode(),
        "the data behind the page needs the token");
    assertEquals(401, get("/api/v1/master-targets").statusCode());
  }

  @Test
  void givenNoCredentials_theOpenApiDocumentAndSwaggerUiShouldBeServed() throws Exception {
    HttpResponse<String> document = get("/swagger/reprotect-v1.yml");
    assertEquals(200, document.statusCode());
    assertTrue(document.body().startsWith("openapi: 3."), document.body().substring(0, 40));
    assertTrue(document.body().contains("/api/v1/reprotections/{id}/history:"));

    HttpResponse<String> ui = get("/swagger-ui/");
    assertEquals(200, ui.statusCode());
    assertTrue(contentType(ui).startsWith("text/html"), contentType(ui));
    assertTrue(ui.body().contains("/swagger/reprotect-v1.yml"), "Swagger UI reads our document");
    HttpResponse<String> bundle = get("/swagger-ui/res/swagger-ui-bundle.js");
    assertEquals(200, bundle.statusCode());
    assertTrue(bundle.body().length() > 100_000, "the Swagger UI bundle is served from the jar");
  }
}
