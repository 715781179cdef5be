package dev.reprotect.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Heartbeat details written before {@code detail} existed still read, with no detail. */
class SyncProgressTest {

  private final DataConverter converter = DefaultDataConverter.newDefaultInstance();

  private SyncProgress read(String json) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
            .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8))
            .build();
    return converter.fromPayloads(
        0,
        Optional.of(Payloads.newBuilder().addPayloads(payload).build()),
        SyncProgress.class,
        SyncProgress.class);
  }

  @Test
  void givenAnOldHeartbeatWithoutDetail_whenRead_itHasNoDetail() {
    SyncProgress old =
        read(
            "{\"percent\":40,\"bytesSent\":4,\"bytesTotal\":10,\"replicationState\":\"SYNCHRONIZING\"}");

    assertEquals(new SyncProgress(40, 4, 10, "SYNCHRONIZING"), old);
    assertNull(old.detail());
  }

  @Test
  void givenAHeartbeatWithDetail_whenRoundTripped_theDetailSurvives() {
    SyncProgress sent =
        new SyncProgress(
            0,
            0,
            0,
            "STARTING",
            "Site Recovery job Reprotect InProgress: Start replication [InProgress]");

    SyncProgress read =
        converter.fromPayloads(
            0, converter.toPayloads(sent), SyncProgress.class, SyncProgress.class);

    assertEquals(sent, read);
  }
}
