package dev.reprotect.worker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's real Temporal server: started, persisted, found again, and left-overs
 * stopped.
 */
@Timeout(180)
class TemporalDevServerTest {

  @TempDir Path dataDir;

  static TemporalCli cli() {
    return TemporalCli.find("")
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no temporal binary at "
                        + TemporalCli.installedByBuild()
                        + ": the build installs it"));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private TemporalDevServer start(int port, Path dir) throws IOException {
    return TemporalDevServer.start(
        new TemporalDevServer.Options(
            cli(),
            "127.0.0.1",
            port,
            0,
            dir,
            "default",
            List.of("ReprotectPlan=Keyword", "ReprotectVm=Keyword")),
        Duration.ofSeconds(60));
  }

  @Test
  void givenADataDirectory_whenStartedTwice_itIsTheRealServerAndKeepsItsDatabase()
      throws Exception {
    int port = freePort();
    try (TemporalDevServer server = start(port, dataDir)) {
      assertTrue(server.freshDatabase());
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
      try {
        GetClusterInfoResponse info =
            stubs.blockingStub().getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
        assertEquals("sqlite", info.getPersistenceStore(), info.toString());
        OperatorServiceStubs operator =
            OperatorServiceStubs.newServiceStubs(
                OperatorServiceStubsOptions.newBuilder(stubs.getOptions())
                    .setChannel(stubs.getRawChannel())
                    .build());
        var attributes =
            operator
                .blockingStub()
                .listSearchAttributes(
                    ListSearchAttributesRequest.newBuilder().setNamespace("default").build());
        assertTrue(
            attributes.getCustomAttributesMap().containsKey("ReprotectPlan"),
            attributes.toString());
        operator.shutdown();
      } finally {
        stubs.shutdownNow();
      }
      assertTrue(Files.isRegularFile(dataDir.resolve("temporal.db")));
      assertEquals(
          String.valueOf(server.pid()),
          Files.readString(dataDir.resolve("temporal-server.pid"), StandardCharsets.UTF_8));
    }
    assertFalse(
        Files.exists(dataDir.resolve("temporal-server.pid")), "a clean stop leaves no pid file");
    try (TemporalDevServer again = start(port, dataDir)) {
      assertFalse(again.freshDatabase(), "the second start finds the first one's database");
    }
  }

  @Test
  void givenAServerLeftRunningByAKilledJvm_whenStartedAgain_itStopsTheLeftOverAndServes()
      throws Exception {
    int port = freePort();
    // What a JVM killed with SIGKILL leaves: its child server running, orphaned (handed to init),
    // its pid in the data directory.
    Process shell =
        new ProcessBuilder(
                "bash",
                "-c",
                "nohup '"
                    + cli().path()
                    + "' server start-dev --headless"
                    + " --ip 127.0.0.1 --port "
                    + port
                    + " --db-filename '"
                    + dataDir.resolve("temporal.db")
                    + "'"
                    + " >/dev/null 2>&1 & echo $!")
            .start();
    long orphanPid =
        Long.parseLong(
            new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
    ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
    try {
      Files.writeString(dataDir.resolve("temporal-server.pid"), String.valueOf(orphanPid));
      awaitListening(port);
      try (TemporalDevServer server = start(port, dataDir)) {
        assertTrue(
            orphan.onExit().isDone() || !orphan.isAlive(), "the left-over server was stopped");
        assertTrue(server.isAlive());
        assertFalse(server.freshDatabase());
      }
    } finally {
      orphan.destroyForcibly();
    }
  }

  @Test
  void
      givenTheDataDirectoryInUseByAnotherRunningReprotect_whenStarting_itRefusesAndLeavesTheOtherAlone()
          throws Exception {
    try (TemporalDevServer first = start(freePort(), dataDir)) {
      IOException refused = assertThrows(IOException.class, () -> start(freePort(), dataDir));
      assertTrue(
          refused.getMessage().contains("in use by another reprotect"), refused.getMessage());
      assertTrue(first.isAlive(), "the other reprotect's server still runs");
      assertEquals(
          String.valueOf(first.pid()),
          Files.readString(dataDir.resolve("temporal-server.pid"), StandardCharsets.UTF_8));
    }
  }

  @Test
  void givenThePortTaken_whenStarting_itSaysWhichSettingToChange() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      IOException refused =
          assertThrows(IOException.class, () -> start(taken.getLocalPort(), null));
      assertTrue(
          refused.getMessage().contains("is in use")
              && refused.getMessage().contains("reprotect.temporal.target"),
          refused.getMessage());
    }
  }

  @Test
  void givenNoBinary_whenDevIsRequired_itRefusesToStartAndSaysHowToInstallIt() {
    EmbeddedServerSettings settings =
        new EmbeddedServerSettings(
            EmbeddedServerSettings.Mode.DEV,
            dataDir.resolve("no-such-temporal").toString(),
            0,
            false,
            Duration.ofSeconds(5));
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                new EmbeddedTemporalServer(
                    new dev.reprotect.worker.TemporalSettings(
                        "localhost:" + freePort(), "default", "q", true),
                    settings,
                    new DataDirectory(dataDir.toString())));
    assertTrue(refused.getMessage().contains("install-temporal-cli.sh"), refused.getMessage());
  }

  @Test
  void givenNoBinary_whenAuto_itFallsBackToTheInMemoryServerAndSaysSo() throws Exception {
    EmbeddedServerSettings settings =
        new EmbeddedServerSettings(
            EmbeddedServerSettings.Mode.AUTO,
            dataDir.resolve("no-such-temporal").toString(),
            0,
            true,
            Duration.ofSeconds(5));
    try (EmbeddedTemporalServer server =
        new EmbeddedTemporalServer(
            new dev.reprotect.worker.TemporalSettings(
                "localhost:" + freePort(), "default", "q", true),
            settings,
            new DataDirectory(dataDir.toString()))) {
      assertEquals(EmbeddedTemporalServer.Kind.IN_MEMORY, server.kind());
      assertTrue(server.description().contains("state is lost"), server.description());
      assertTrue(server.uiUrl().isEmpty());
      assertTrue(server.dataDir().isEmpty());
    }
  }

  private static void awaitListening(int port) throws Exception {
    for (int i = 0; i < 300; i++) {
      try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nothing listens on " + port);
  }
}
