package dev.reprotect.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

/** Calls the API over real HTTP and reads any answer, error or not, as JSON. */
public final class Http {

  public static final String TOKEN = "test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;

  public Http(HttpClient client) {
    this.client = client;
  }

  public record Answer(int status, String contentType, String location, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** Asserts that this is a problem (RFC 9457) answered with {@code status}; its body. */
    public JsonNode problem(int status) {
      assertEquals(status, this.status, body);
      assertEquals("application/problem+json", contentType);
      return json();
    }
  }

  public Answer get(String uri) {
    return send(HttpRequest.GET(uri).bearerAuth(TOKEN));
  }

  public Answer post(String uri, String json) {
    return send(HttpRequest.POST(uri, json).contentType("application/json").bearerAuth(TOKEN));
  }

  public Answer send(HttpRequest<?> request) {
    HttpResponse<String> response;
    try {
      response = client.toBlocking().exchange(request, String.class);
    } catch (HttpClientResponseException e) {
      response = (HttpResponse<String>) e.getResponse();
      return new Answer(
          response.code(),
          response.getContentType().map(Object::toString).orElse(null),
          response.getHeaders().get("Location"),
          response.getBody(String.class).orElse(null));
    }
    return new Answer(
        response.code(),
        response.getContentType().map(Object::toString).orElse(null),
        response.getHeaders().get("Location"),
        response.getBody(String.class).orElse(null));
  }

  /** A plan's request body: its machines' bodies as given. */
  public static String planBody(String... machines) {
    return "{\"machines\":[" + String.join(",", machines) + "]}";
  }

  public static String body(String item, String masterTarget, String datastore, String extra) {
    return "{\"replicatedItem\":\""
        + item
        + "\",\"masterTarget\":\""
        + masterTarget
        + "\",\"processServer\":\"ps-azure-01\""
        + (datastore == null ? "" : ",\"datastore\":\"" + datastore + "\"")
        + ",\"retentionDrive\":\"R:\""
        + (extra == null ? "" : "," + extra)
        + "}";
  }
}
