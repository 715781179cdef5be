package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.simulated.SharedStateSite;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.worker.server.TemporalDevServer;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * R2, crash recovery across processes: Temporal's real server (the dev server) in its own process,
 * two worker processes of the runnable jar sharing one simulated site (a state file), and an API
 * process. Mid-plan one worker is killed with SIGKILL and the API process is killed and started
 * again. The plan must end PROTECTED with every machine protected, and the shared site must show
 * every side effect exactly once: nothing lost, nothing doubled.
 *
 * <p>Run by maven-failsafe-plugin at integration-test, after the shaded jar is packaged ({@code mvn
 * verify}); {@code -DskipITs} skips it.
 */
@Timeout(240)
class CrashRecoveryIT {

  static final String TOKEN = "crash-recovery-it-token";
  static final String PLAN = "rp-crash";

  /**
   * The sample inventory's good machines: two with on-premises VMs, one alternate location, a
   * group.
   */
  static final List<String> MACHINES =
      List.of("vm-web-01", "vm-db-01", "vm-old-01", "vm-app-01", "vm-app-02");

  static final List<String> WITH_ONPREM_VM_ON = List.of("vm-web-01", "vm-db-01");

  private WorkflowServiceStubs service;
  private TemporalDevServer temporal;
  private ShippedJarProcesses processes;

  private Process startReprotect(
      String name, String environment, int httpPort, Map<String, String> extra) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(extra);
    env.put("MICRONAUT_ENVIRONMENTS", environment);
    env.put("MICRONAUT_SERVER_PORT", String.valueOf(httpPort));
    return processes.startJar(name, "384m", env);
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (service != null) {
      service.shutdownNow();
    }
    if (processes != null) {
      processes.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  /** Which worker (by name) holds the running Synchronize of which machines. */
  private static Map<String, List<String>> runningSynchronizations(
      WorkflowServiceStubs service, Map<String, Long> pids) {
    Map<String, List<String>> held = new LinkedHashMap<>();
    for (String vm : MACHINES) {
      DescribeWorkflowExecutionResponse described;
      try {
        described =
            service
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(
                            WorkflowExecution.newBuilder().setWorkflowId("reprotect-" + vm))
                        .build());
      } catch (io.grpc.StatusRuntimeException notStartedYet) {
        continue;
      }
      for (PendingActivityInfo activity : described.getPendingActivitiesList()) {
        if (!activity.getActivityType().getName().equals("Synchronize")
            || activity.getState() != PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) {
          continue;
        }
        pids.forEach(
            (name, pid) -> {
              if (activity.getLastWorkerIdentity().startsWith(pid + "@")) {
                held.computeIfAbsent(name, k -> new ArrayList<>()).add(vm);
              }
            });
      }
    }
    return held;
  }

  // ---- The test. ----

  @Test
  void
      givenTwoWorkersAndAnApi_whenAWorkerIsKilledAndTheApiRestartedMidPlan_thePlanCompletesWithNothingLostOrDoubled()
          throws Exception {
    Instant began = Instant.now();
    Path dir = Files.createTempDirectory("reprotect-crash-it");
    processes = new ShippedJarProcesses(dir, "crash-it");
    Path stateFile = dir.resolve("site-state.json");
    System.out.println("[crash-it] logs and shared state in " + dir);

    // Temporal's real server (the dev server the build installed), in its own process.
    int temporalPort = ShippedJarProcesses.freePort();
    temporal = DevServers.start(temporalPort, dir.resolve("temporal"));

    Map<String, String> cluster =
        Map.of(
            "REPROTECT_TEMPORAL_TARGET",
            "localhost:" + temporalPort,
            "REPROTECT_API_TOKEN",
            TOKEN,
            "REPROTECT_SITE_SIMULATED_STATE_FILE",
            stateFile.toString(),
            // Site time 50x faster: the longest sync (vm-old-01, 25 site minutes) lasts 30 s.
            "REPROTECT_SITE_SIMULATED_TIME_SCALE",
            "0.02",
            "REPROTECT_SITE_AGENT_POLL_INTERVAL",
            "250ms",
            "REPROTECT_SITE_SYNC_POLL_INTERVAL",
            "250ms");
    // Sticky execution stays on (the default): the real server moves a dead worker's sticky
    // workflow tasks to the normal queue, where the survivor takes them.

    // Two workers sharing the site through the state file, and an API process.
    Process workerA = startReprotect("worker-a", "worker", ShippedJarProcesses.freePort(), cluster);
    Process workerB = startReprotect("worker-b", "worker", ShippedJarProcesses.freePort(), cluster);
    int apiPort = ShippedJarProcesses.freePort();
    Process api = startReprotect("api-1", "api", apiPort, cluster);
    processes.awaitLog("worker-a", workerA, "Worker polling", Duration.ofSeconds(90));
    processes.awaitLog("worker-b", workerB, "Worker polling", Duration.ofSeconds(90));
    processes.awaitHealthy("api-1", api, apiPort, Duration.ofSeconds(90));
    SharedStateSite site =
        SharedStateSite.open(SimulatedSite.loadSample(SimulatedSite.Options.defaults()), stateFile);
    System.out.printf(
        "[crash-it] stack up after %d s%n", Duration.between(began, Instant.now()).toSeconds());

    // The plan: five machines, the replication group rg-app among them.
    Instant planStarted = Instant.now();
    HttpResponse<String> started =
        new ApiCalls(apiPort, TOKEN)
            .call(
                "POST",
                "/api/v1/recovery-plans/" + PLAN + "/reprotect",
                Map.of("machines", MACHINES.stream().map(ApiCalls::sampleMachine).toList()));
    assertEquals(202, started.statusCode(), started.body());

    // Mid-plan, once both workers hold a running Synchronize (or a few seconds have passed with one
    // holding them all): SIGKILL the worker holding a running Synchronize. Temporal says who holds
    // what (pending activities and their last worker).
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("localhost:" + temporalPort)
                .build());
    Map<String, Long> pids = Map.of("worker-a", workerA.pid(), "worker-b", workerB.pid());
    Map<String, List<String>> held = Map.of();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    Instant firstHeld = null;
    while (true) {
      assertTrue(
          Instant.now().isBefore(deadline),
          "no Synchronize ever ran: " + new ApiCalls(apiPort, TOKEN).planStatus(PLAN));
      held = runningSynchronizations(service, pids);
      if (!held.isEmpty() && firstHeld == null) {
        firstHeld = Instant.now();
      }
      if (held.size() == 2
          || firstHeld != null && Instant.now().isAfter(firstHeld.plusSeconds(3))) {
        break;
      }
      Thread.sleep(100);
    }
    String victimName = held.containsKey("worker-a") ? "worker-a" : "worker-b";
    Process victim = victimName.equals("worker-a") ? workerA : workerB;
    Process survivor = victim == workerA ? workerB : workerA;
    List<String> orphaned = held.get(victimName);
    Map<String, Object> beforeKill = new ApiCalls(apiPort, TOKEN).planStatus(PLAN);
    ShippedJarProcesses.kill9(victim);
    System.out.printf(
        "[crash-it] %s (pid %d) killed with SIGKILL %d s into the plan, holding the running "
            + "Synchronize of %s; plan then: %s%n",
        victimName,
        victim.pid(),
        Duration.between(planStarted, Instant.now()).toSeconds(),
        orphaned,
        beforeKill.get("counts"));

    // The API process dies too (SIGKILL), and a new one starts on another port.
    Thread.sleep(1000);
    ShippedJarProcesses.kill9(api);
    System.out.printf(
        "[crash-it] api-1 (pid %d) killed with SIGKILL %d s into the plan%n",
        api.pid(), Duration.between(planStarted, Instant.now()).toSeconds());
    int apiPort2 = ShippedJarProcesses.freePort();
    Process api2 = startReprotect("api-2", "api", apiPort2, cluster);
    processes.awaitHealthy("api-2", api2, apiPort2, Duration.ofSeconds(90));
    System.out.printf(
        "[crash-it] api-2 (pid %d) up %d s into the plan%n",
        api2.pid(), Duration.between(planStarted, Instant.now()).toSeconds());

    // The plan, read through the new API process, completes on the surviving worker.
    // A status read queries the workflows; one may wait on a task the dead worker held until the
    // server times it out, so a slow read is retried, not fatal (and counted).
    deadline = Instant.now().plus(Duration.ofSeconds(150));
    Map<String, Object> status = Map.of();
    int slowReads = 0;
    while (!List.of("PROTECTED", "FAILED", "CANCELLED")
        .contains(String.valueOf(status.get("state")))) {
      assertTrue(Instant.now().isBefore(deadline), "plan still running: " + status);
      Thread.sleep(500);
      try {
        status = new ApiCalls(apiPort2, TOKEN).planStatus(PLAN);
      } catch (java.net.http.HttpTimeoutException | AssertionError slow) {
        slowReads++;
        System.out.printf(
            "[crash-it] status read %d s into the plan: %s%n",
            Duration.between(planStarted, Instant.now()).toSeconds(), slow.getMessage());
      }
    }
    Duration planTime = Duration.between(planStarted, Instant.now());
    assertTrue(survivor.isAlive(), "the surviving worker died");

    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertEquals(Map.of("PROTECTED", MACHINES.size()), status.get("counts"), status.toString());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> machines = (List<Map<String, Object>>) status.get("machines");
    assertEquals(MACHINES.size(), machines.size(), status.toString());
    for (Map<String, Object> m : machines) {
      assertEquals("PROTECTED", m.get("state"), m.toString());
    }

    // Nothing lost, nothing doubled, as the shared site counted it across both workers.
    Map<String, SideEffects> effects = new LinkedHashMap<>();
    for (String vm : MACHINES) {
      SideEffects e = site.sideEffects(vm);
      effects.put(vm, e);
      assertEquals(1, e.diskAttaches(), vm + " " + e);
      assertEquals(1, e.replicationStarts(), vm + " " + e);
      assertEquals(0, e.diskDetaches(), vm + " " + e);
      assertEquals(0, e.replicationStops(), vm + " " + e);
      assertEquals(WITH_ONPREM_VM_ON.contains(vm) ? 1 : 0, e.powerOffs(), vm + " " + e);
      assertTrue(e.snapshotMerges() <= 1, vm + " " + e);
      assertEquals(vm.equals("vm-old-01") ? 1 : 0, e.vmCreations(), vm + " " + e);
    }
    site.update(
        s -> {
          for (String vm : MACHINES) {
            assertEquals(
                dev.reprotect.site.AzureSide.ReplicationState.PROTECTED,
                s.replication(vm).state(),
                vm);
          }
        });

    // Who did the work, from the machines' histories: both workers took tasks of the plan, and
    // each Synchronize the killed worker held was attempted again (attempt > 1), by the survivor.
    String victimIdentity = victim.pid() + "@";
    String survivorIdentity = survivor.pid() + "@";
    int tasksByVictim = 0;
    int tasksBySurvivor = 0;
    List<String> resumed = new ArrayList<>();
    for (Map<String, Object> m : machines) {
      HttpResponse<String> history =
          new ApiCalls(apiPort2, TOKEN)
              .call("GET", "/api/v1/reprotections/" + m.get("id") + "/history", null);
      assertEquals(200, history.statusCode(), history.body());
      for (JsonNode event : ApiCalls.JSON.readTree(history.body()).path("events")) {
        var fields = event.fields();
        while (fields.hasNext()) {
          var field = fields.next();
          if (!field.getKey().endsWith("EventAttributes")) {
            continue;
          }
          String identity = field.getValue().path("identity").asText("");
          if (identity.startsWith(victimIdentity)) {
            tasksByVictim++;
          } else if (identity.startsWith(survivorIdentity)) {
            tasksBySurvivor++;
          }
          if (field.getKey().equals("activityTaskStartedEventAttributes")
              && field.getValue().path("attempt").asInt(1) > 1
              && identity.startsWith(survivorIdentity)) {
            resumed.add(String.valueOf(m.get("replicatedItem")));
          }
        }
      }
    }
    assertTrue(tasksByVictim > 0, "the killed worker took no task of the plan");
    assertTrue(tasksBySurvivor > 0, "the surviving worker took no task of the plan");
    assertTrue(
        resumed.containsAll(orphaned),
        "the killed worker's synchronizations "
            + orphaned
            + " were not retried by the survivor: "
            + resumed);

    System.out.printf(
        "[crash-it] FIGURES: tasks recorded by the killed worker %d, by the survivor %d; "
            + "synchronizations orphaned by the kill %s, retried by the survivor %s%n",
        tasksByVictim, tasksBySurvivor, orphaned, resumed);
    System.out.printf(
        "[crash-it] FIGURES: machines protected %d/%d; processes killed with SIGKILL 2 "
            + "(%s pid %d, api-1 pid %d); plan %d s, test %d s%n",
        machines.size(),
        MACHINES.size(),
        victimName,
        victim.pid(),
        api.pid(),
        planTime.toSeconds(),
        Duration.between(began, Instant.now()).toSeconds());
    effects.forEach((vm, e) -> System.out.printf("[crash-it] FIGURES: %s %s%n", vm, e));
    System.out.printf(
        "[crash-it] status reads that timed out or failed while recovering: %d%n", slowReads);
  }
}
