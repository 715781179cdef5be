package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.simulated.SharedStateSite;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded default survives its own crash: the runnable jar, started as the README starts it
 * (its Temporal is the dev server, a child process, its state in the data directory), runs a plan;
 * mid-synchronization the jar and its Temporal server are killed with SIGKILL, and the same command
 * starts it again. Every reprotection and the plan resume in the same run from the step they were
 * in: no step that had finished is scheduled again, and the simulated site (persisted in the same
 * data directory) counts each side effect once. Along the way it checks what an SRE sees from
 * outside: Temporal's GetClusterInfo answers as the real server does, an outside client's
 * ListWorkflowExecutions finds the reprotections by our search attributes, and the Web UI answers.
 *
 * <p>Run by maven-failsafe-plugin after the shaded jar is packaged ({@code mvn verify}).
 */
@Timeout(300)
class EmbeddedDefaultCrashIT {

  static final String TOKEN = "embedded-crash-it-token";
  static final String PLAN = "rp-embedded-crash";
  static final List<String> MACHINES = List.of("vm-web-01", "vm-db-01", "vm-old-01");

  /**
   * One scheduled activity per step of a reprotection that was not redone (retries are attempts,
   * not new tasks).
   */
  static final List<String> ONCE =
      List.of("Validate", "WaitForAgent", "AttachDisks", "StartReplication", "Synchronize");

  private WorkflowServiceStubs outside;
  private ShippedJarProcesses processes;
  private ApiCalls api;

  @Test
  void
      givenAPlanMidSynchronization_whenTheWholeProcessIsKilledAndStartedAgain_itResumesInTheSameRunsRedoingNothing()
          throws Exception {
    processes =
        new ShippedJarProcesses(
            Files.createTempDirectory("reprotect-embedded-crash-it"), "embedded-crash-it");
    Path data = processes.dir().resolve("data");
    int http = ShippedJarProcesses.freePort();
    api = new ApiCalls(http, TOKEN);
    int temporalPort = ShippedJarProcesses.freePort();
    int uiPort = ShippedJarProcesses.freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("REPROTECT_DATA_DIR", data.toString());
    env.put("MICRONAUT_SERVER_PORT", String.valueOf(http));
    env.put("REPROTECT_TEMPORAL_TARGET", "localhost:" + temporalPort);
    env.put("REPROTECT_TEMPORAL_EMBEDDED_SERVER", "dev");
    env.put("REPROTECT_TEMPORAL_EMBEDDED_UI_PORT", String.valueOf(uiPort));
    env.put("REPROTECT_API_TOKEN", TOKEN);
    // Site time 50x faster: vm-old-01's synchronization (25 site minutes) lasts about 30 s.
    env.put("REPROTECT_SITE_SIMULATED_TIME_SCALE", "0.02");
    env.put("REPROTECT_SITE_AGENT_POLL_INTERVAL", "250ms");
    env.put("REPROTECT_SITE_SYNC_POLL_INTERVAL", "250ms");

    Process first = processes.startJar("run-1", "384m", env);
    processes.awaitHealthy("run-1", first, http, Duration.ofSeconds(120));
    outside =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("localhost:" + temporalPort)
                .build());

    // The real server, as Temporal's own clients see it (the in-memory server has no
    // GetClusterInfo).
    GetClusterInfoResponse cluster =
        outside.blockingStub().getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
    assertEquals("sqlite", cluster.getPersistenceStore(), cluster.toString());
    assertFalse(cluster.getServerVersion().isBlank(), cluster.toString());
    HttpResponse<String> ui =
        ShippedJarProcesses.HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ui.statusCode(), "Temporal's Web UI");
    assertTrue(
        Files.isRegularFile(data.resolve("temporal.db")),
        "Temporal's SQLite database in the data directory");

    HttpResponse<String> started =
        api.call(
            "POST",
            "/api/v1/recovery-plans/" + PLAN + "/reprotect",
            Map.of("machines", MACHINES.stream().map(ApiCalls::sampleMachine).toList()));
    assertEquals(202, started.statusCode(), started.body());

    // Mid-plan: once a machine synchronizes, note each run and its finished steps.
    Map<String, Object> plan = Map.of();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!machineStates(plan).containsValue("SYNCHRONIZING")) {
      assertTrue(Instant.now().isBefore(deadline), "no machine synchronizes: " + plan);
      Thread.sleep(200);
      plan = api.planStatus(PLAN);
    }
    Map<String, String> runIds = new HashMap<>();
    Map<String, List<String>> finishedBefore = new HashMap<>();
    for (String vm : MACHINES) {
      Map<String, Object> status = api.read("/api/v1/reprotections/reprotect-" + vm);
      runIds.put(vm, runId("reprotect-" + vm));
      finishedBefore.put(vm, stepsIn(status, "COMPLETED"));
    }
    String planRun = runId(RecoveryPlanRequest.workflowIdFor(PLAN));

    // Found from outside by our search attributes, as `temporal workflow list --query ...` finds
    // them.
    var listed =
        outside
            .blockingStub()
            .listWorkflowExecutions(
                ListWorkflowExecutionsRequest.newBuilder()
                    .setNamespace("default")
                    .setQuery("ReprotectPlan = '" + PLAN + "' AND WorkflowType = 'Reprotect'")
                    .build());
    assertEquals(MACHINES.size(), listed.getExecutionsCount(), listed.toString());
    outside.shutdownNow();
    outside = null;

    // SIGKILL the whole process: the JVM and its Temporal server; then the same command again.
    List<ProcessHandle> tree = new ArrayList<>(first.descendants().toList());
    tree.add(first.toHandle());
    for (ProcessHandle p : tree) {
      new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor();
    }
    assertTrue(first.waitFor(10, TimeUnit.SECONDS));
    assertEquals(137, first.exitValue(), "the JVM did not die of SIGKILL");
    System.out.printf(
        "[embedded-crash-it] killed pids %s with machines %s%n",
        tree.stream().map(ProcessHandle::pid).toList(), machineStates(plan));

    Process second = processes.startJar("run-2", "384m", env);
    processes.awaitHealthy("run-2", second, http, Duration.ofSeconds(120));
    deadline = Instant.now().plus(Duration.ofSeconds(150));
    while (!List.of("PROTECTED", "FAILED", "CANCELLED")
        .contains(String.valueOf(plan.get("state")))) {
      assertTrue(Instant.now().isBefore(deadline), "plan still running after the restart: " + plan);
      Thread.sleep(500);
      plan = api.planStatus(PLAN);
    }
    assertEquals("PROTECTED", plan.get("state"), plan.toString());

    outside =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("localhost:" + temporalPort)
                .build());
    assertEquals(
        planRun,
        runId(RecoveryPlanRequest.workflowIdFor(PLAN)),
        "the plan resumed in the same run");
    SharedStateSite site =
        SharedStateSite.open(
            SimulatedSite.loadSample(SimulatedSite.Options.defaults()),
            data.resolve("simulated-site.json"));
    for (String vm : MACHINES) {
      Map<String, Object> status = api.read("/api/v1/reprotections/reprotect-" + vm);
      assertEquals("PROTECTED", status.get("state"), status.toString());
      assertEquals(runIds.get(vm), runId("reprotect-" + vm), vm + " resumed in the same run");
      Map<String, Integer> scheduled = scheduledActivities(vm);
      for (String type : ONCE) {
        assertEquals(
            1, scheduled.getOrDefault(type, 0), vm + ": " + type + " scheduled once: " + scheduled);
      }
      assertTrue(
          stepsIn(status, "COMPLETED").containsAll(finishedBefore.get(vm)), status.toString());
      SideEffects effects = site.sideEffects(vm);
      assertEquals(1, effects.diskAttaches(), vm + " " + effects);
      assertEquals(1, effects.replicationStarts(), vm + " " + effects);
      assertEquals(0, effects.diskDetaches(), vm + " " + effects);
    }
    System.out.printf(
        "[embedded-crash-it] FIGURES: finished before the kill %s; plan PROTECTED in the same run%n",
        finishedBefore);
  }

  // ---- What the test reads. ----

  @SuppressWarnings("unchecked")
  private static Map<String, String> machineStates(Map<String, Object> plan) {
    Map<String, String> states = new LinkedHashMap<>();
    for (Map<String, Object> m :
        (List<Map<String, Object>>) plan.getOrDefault("machines", List.of())) {
      states.put(String.valueOf(m.get("replicatedItem")), String.valueOf(m.get("state")));
    }
    return states;
  }

  @SuppressWarnings("unchecked")
  private static List<String> stepsIn(Map<String, Object> status, String state) {
    return ((List<Map<String, Object>>) status.get("steps"))
        .stream()
            .filter(s -> state.equals(s.get("state")))
            .map(s -> String.valueOf(s.get("name")))
            .toList();
  }

  private String runId(String workflowId) {
    return outside
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getExecution()
        .getRunId();
  }

  /** How many times each activity type was scheduled in the reprotection's history. */
  private Map<String, Integer> scheduledActivities(String vm) throws Exception {
    HttpResponse<String> history =
        api.call("GET", "/api/v1/reprotections/reprotect-" + vm + "/history", null);
    assertEquals(200, history.statusCode(), history.body());
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode event : ApiCalls.JSON.readTree(history.body()).path("events")) {
      JsonNode scheduled = event.path("activityTaskScheduledEventAttributes");
      if (!scheduled.isMissingNode()) {
        counts.merge(scheduled.path("activityType").path("name").asText(), 1, Integer::sum);
      }
    }
    return counts;
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (outside != null) {
      outside.shutdownNow();
    }
    if (processes != null) {
      processes.close();
    }
  }
}
