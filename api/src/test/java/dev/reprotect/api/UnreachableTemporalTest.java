package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprotect.api.support.Http;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With Temporal unreachable, the API answers 503 problems. */
@MicronautTest(environments = "unreachable")
class UnreachableTemporalTest {

  @Factory
  @Requires(env = "unreachable")
  static class Unreachable {
    @Singleton
    @Replaces(WorkflowServiceStubs.class)
    WorkflowServiceStubs stubs() {
      return WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder()
              .setTarget("127.0.0.1:1")
              .setRpcTimeout(Duration.ofSeconds(2))
              .build());
    }

    @Singleton
    @Replaces(WorkflowClient.class)
    WorkflowClient client(WorkflowServiceStubs stubs) {
      return WorkflowClient.newInstance(stubs);
    }
  }

  @Inject
  @Client("/")
  HttpClient client;

  @Test
  void givenTemporalDown_whenReadingStatus_itShouldAnswer503Problem() {
    Http.Answer answer = new Http(client).get("/api/v1/reprotections/reprotect-vm-web-01");
    assertEquals(503, answer.status(), answer.body());
    assertEquals("application/problem+json", answer.contentType());
    assertEquals(
        "https://reprotect.dev/problems/temporal-unavailable", answer.json().get("type").asText());
  }

  @Test
  void givenTemporalDown_whenStarting_itShouldAnswer503Problem() {
    Http.Answer answer =
        new Http(client)
            .post("/api/v1/reprotections", Http.body("vm-web-01", "mt-win-01", "vmfs-01", null));
    assertEquals(503, answer.status(), answer.body());
  }
}
