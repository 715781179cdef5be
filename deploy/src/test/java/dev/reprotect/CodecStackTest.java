package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.worker.TemporalClientFactory;
import dev.reprotect.worker.TemporalSecuritySettings;
import dev.reprotect.worker.TemporalSettings;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * R5 payload codec through the whole app: with {@code reprotect.temporal.codec.key-file} set, a
 * reprotection runs to PROTECTED and its status reads as usual through the API, while every payload
 * of its history (input, activity inputs and results, result) is AES-GCM ciphertext naming its key
 * id, none holding the VM's name; and the history replays with the same key.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "reprotect.api.token", value = CodecStackTest.TOKEN)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Property(name = "reprotect.temporal.codec.key-file", value = CodecStackTest.KEY_FILE)
@Property(name = "reprotect.temporal.codec.key-id", value = "test-2026")
@Timeout(120)
class CodecStackTest {

  static final String TOKEN = "codec-stack-test-token";

  /** A throw-away test key (base64 of 32 bytes); it protects nothing. */
  static final String KEY_FILE = "src/test/resources/codec/test-payload-key";

  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  @Inject
  @Client("/")
  HttpClient http;

  @Test
  void givenTheCodecOn_whenAVmIsReprotected_itIsProtectedAndEveryPayloadOfItsHistoryIsCiphertext()
      throws Exception {
    http.toBlocking()
        .exchange(
            HttpRequest.POST(
                    "/api/v1/reprotections",
                    Map.of(
                        "replicatedItem",
                        "vm-db-01",
                        "masterTarget",
                        "mt-lnx-01",
                        "processServer",
                        "ps-azure-01",
                        "datastore",
                        "vsan-01",
                        "retentionDrive",
                        "/mnt/retention"))
                .bearerAuth(TOKEN),
            JSON);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    Map<String, Object> status;
    do {
      Thread.sleep(100);
      status =
          http.toBlocking()
              .retrieve(
                  HttpRequest.GET("/api/v1/reprotections/reprotect-vm-db-01").bearerAuth(TOKEN),
                  JSON);
      assertTrue(Instant.now().isBefore(deadline), "timed out; last " + status);
    } while (!List.of("PROTECTED", "FAILED", "CANCELLED").contains(status.get("state")));
    assertEquals("PROTECTED", status.get("state"), status.toString());

    String json =
        http.toBlocking()
            .retrieve(
                HttpRequest.GET("/api/v1/reprotections/reprotect-vm-db-01/history")
                    .bearerAuth(TOKEN));
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    List<Payload> payloads = new ArrayList<>();
    for (HistoryEvent e : history.getEvents()) {
      if (e.hasWorkflowExecutionStartedEventAttributes()) {
        add(payloads, e.getWorkflowExecutionStartedEventAttributes().getInput());
      }
      if (e.hasActivityTaskScheduledEventAttributes()) {
        add(payloads, e.getActivityTaskScheduledEventAttributes().getInput());
      }
      if (e.hasActivityTaskCompletedEventAttributes()) {
        add(payloads, e.getActivityTaskCompletedEventAttributes().getResult());
      }
      if (e.hasWorkflowExecutionCompletedEventAttributes()) {
        add(payloads, e.getWorkflowExecutionCompletedEventAttributes().getResult());
      }
    }
    assertTrue(payloads.size() >= 10, "payloads: " + payloads.size());
    for (Payload p : payloads) {
      assertEquals("binary/encrypted", p.getMetadataMap().get("encoding").toStringUtf8());
      assertEquals("test-2026", p.getMetadataMap().get("encryption-key-id").toStringUtf8());
      assertFalse(
          p.getData().toString(StandardCharsets.ISO_8859_1).contains("vm-db-01"),
          "plaintext VM name in a payload");
      assertFalse(
          p.getData().toString(StandardCharsets.ISO_8859_1).contains("mt-lnx-01"),
          "plaintext master target in a payload");
    }

    // The same key replays it; the client options are the app's own.
    var options =
        TemporalClientFactory.clientOptions(
            new TemporalSettings("localhost:7233", "default", "reprotect", false),
            new TemporalSecuritySettings.Codec(KEY_FILE, "test-2026"));
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(options).build())) {
      WorkflowReplayer.replayWorkflowExecution(history, env, ReprotectWorkflowImpl.class);
    }
    System.out.println(
        "R5 codec: "
            + payloads.size()
            + " payloads of reprotect-vm-db-01 checked, all binary/encrypted");
  }

  private static void add(List<Payload> into, Payloads payloads) {
    into.addAll(payloads.getPayloadsList());
  }
}
