package dev.reprotect.worker.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.reprotect.worker.TemporalClientFactory;
import dev.reprotect.worker.TemporalSecuritySettings;
import dev.reprotect.worker.TemporalSettings;
import io.temporal.activity.ActivityInterface;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmPayloadCodecTest {

  static final String SECRET_VM = "vm-very-secret-payroll-01";

  static byte[] key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  static Payload plain(String json) {
    return Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json))
        .build();
  }

  @Test
  void givenAPayload_whenEncodedAndDecoded_itIsTheSameAndTheEncodedFormHidesIt() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec("k1", key());
    Payload original = plain("{\"replicatedItem\":\"" + SECRET_VM + "\"}");

    Payload encoded = codec.encode(List.of(original)).get(0);
    Payload again = codec.encode(List.of(original)).get(0);

    assertEquals("binary/encrypted", encoded.getMetadataMap().get("encoding").toStringUtf8());
    assertEquals("k1", encoded.getMetadataMap().get("encryption-key-id").toStringUtf8());
    assertFalse(encoded.toByteString().toStringUtf8().contains(SECRET_VM));
    assertNotEquals(encoded.getData(), again.getData(), "a fresh IV per payload");
    assertEquals(original, codec.decode(List.of(encoded)).get(0));
  }

  @Test
  void givenAnotherKey_whenDecoding_itFails() {
    Payload encoded = new AesGcmPayloadCodec("k1", key()).encode(List.of(plain("{}"))).get(0);

    assertThrows(
        PayloadCodecException.class,
        () -> new AesGcmPayloadCodec("k1", key()).decode(List.of(encoded)));
    PayloadCodecException otherId =
        assertThrows(
            PayloadCodecException.class,
            () -> new AesGcmPayloadCodec("k2", key()).decode(List.of(encoded)));
    assertTrue(otherId.getMessage().contains("'k1'"), otherId.getMessage());
  }

  @Test
  void givenAPlaintextPayload_whenDecoding_itPassesThrough() {
    Payload p = plain("{\"a\":1}");
    assertEquals(p, new AesGcmPayloadCodec("k1", key()).decode(List.of(p)).get(0));
  }

  @Test
  void givenKeyFiles_whenRead_base64AndRawWorkAndAShortKeyIsRefused(@TempDir Path dir)
      throws Exception {
    byte[] k = key();
    Path b64 = Files.writeString(dir.resolve("b64"), Base64.getEncoder().encodeToString(k) + "\n");
    Path raw = Files.write(dir.resolve("raw"), k);
    Path bad = Files.writeString(dir.resolve("bad"), "too short");
    Payload encoded = AesGcmPayloadCodec.fromFile("k", b64).encode(List.of(plain("{}"))).get(0);

    assertEquals(
        plain("{}"), AesGcmPayloadCodec.fromFile("k", raw).decode(List.of(encoded)).get(0));
    assertThrows(IllegalArgumentException.class, () -> AesGcmPayloadCodec.fromFile("k", bad));
  }

  @WorkflowInterface
  public interface Echo {
    @WorkflowMethod
    String echo(String vm);
  }

  @ActivityInterface
  public interface Touch {
    String touch(String vm);
  }

  public static class EchoImpl implements Echo {
    private final Touch touch =
        Workflow.newActivityStub(
            Touch.class,
            io.temporal.activity.ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10))
                .build());

    @Override
    public String echo(String vm) {
      return touch.touch(vm) + " done";
    }
  }

  @Test
  void givenTheCodecOnTheClient_whenAWorkflowRuns_noPayloadInItsHistoryHoldsTheInput(
      @TempDir Path dir) throws Exception {
    Path keyFile = Files.writeString(dir.resolve("key"), Base64.getEncoder().encodeToString(key()));
    WorkflowClientOptions options =
        TemporalClientFactory.clientOptions(
            new TemporalSettings("localhost:7233", "default", "q", false),
            new TemporalSecuritySettings.Codec(keyFile.toString(), "test-key"));
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(options).build())) {
      Worker worker = env.newWorker("q");
      worker.registerWorkflowImplementationTypes(EchoImpl.class);
      worker.registerActivitiesImplementations((Touch) vm -> "touched " + vm);
      env.start();

      String result =
          env.getWorkflowClient()
              .newWorkflowStub(
                  Echo.class,
                  WorkflowOptions.newBuilder().setTaskQueue("q").setWorkflowId("echo").build())
              .echo(SECRET_VM);

      assertEquals("touched " + SECRET_VM + " done", result);
      WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory("echo");
      int payloads = 0;
      for (HistoryEvent event : history.getEvents()) {
        String bytes = event.toByteString().toString(StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(SECRET_VM), () -> "plaintext in " + event.getEventType());
        if (bytes.contains("binary/encrypted")) {
          payloads++;
        }
      }
      assertTrue(
          payloads >= 4, "encrypted payloads: " + payloads); // input, activity in/out, result
      assertFalse(history.toJson(false).contains(SECRET_VM));
      // Replay needs the codec too: the history holds only ciphertext.
      assertThrows(
          Exception.class, () -> WorkflowReplayer.replayWorkflowExecution(history, EchoImpl.class));
      try (TestWorkflowEnvironment replayEnv =
          TestWorkflowEnvironment.newInstance(
              TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(options).build())) {
        WorkflowReplayer.replayWorkflowExecution(history, replayEnv, EchoImpl.class);
      }
    }
  }
}
