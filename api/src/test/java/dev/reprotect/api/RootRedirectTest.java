package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /} leads to the dashboard whatever the client accepts: a browser asks for HTML first. */
@MicronautTest
class RootRedirectTest {

  @Inject EmbeddedServer server;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ParameterizedTest(name = "Accept: {0}")
  @ValueSource(
      strings = {
        "text/html",
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        "application/json",
        "*/*",
        ""
      })
  void givenAnyAccept_whenGettingTheRoot_itShouldRedirectToTheDashboard(String accept)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + "/"))
            .timeout(Duration.ofSeconds(30))
            .GET();
    if (!accept.isEmpty()) {
      request.header("Accept", accept);
    }
    HttpResponse<String> root = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(303, root.statusCode(), root.body());
    assertEquals("/dashboard/", root.headers().firstValue("Location").orElse(""));
  }
}
