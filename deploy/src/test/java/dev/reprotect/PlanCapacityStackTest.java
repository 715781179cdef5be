package dev.reprotect;

import static dev.reprotect.StackApi.machine;
import static dev.reprotect.StackApi.onWindowsMasterTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.simulated.SimulatedSite;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Master-target capacity across plans on the whole embedded stack: the 60-disk limit holds across
 * two plans started at once, and a cancelled plan leaves no disk attached and no slot held.
 */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Timeout(150)
class PlanCapacityStackTest {

  @Inject StackApi api;

  @Inject SimulatedSite site;

  @Inject WorkflowClient temporal;

  private int disksOn(String masterTarget) {
    return site.masterTarget(masterTarget).orElseThrow().attachedDisks().size();
  }

  private SlotsView slots(String masterTarget) {
    return temporal
        .newWorkflowStub(
            MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
        .slots();
  }

  /** Start a one-machine plan; a refusal by preflight (422) is a legitimate outcome of the race. */
  private CompletableFuture<Integer> startPlan(String plan, String vm) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return api.post(
                    "/api/v1/recovery-plans/" + plan + "/reprotect",
                    Map.of("machines", List.of(onWindowsMasterTarget(vm))))
                .getStatus()
                .getCode();
          } catch (HttpClientResponseException refused) {
            return refused.getStatus().getCode();
          }
        });
  }

  private Map<String, Object> awaitPlan(String plan, AtomicInteger maxDisks)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (true) {
      maxDisks.accumulateAndGet(disksOn("mt-win-01"), Math::max);
      Map<String, Object> status = api.get("/api/v1/recovery-plans/" + plan + "/reprotection");
      if (StackApi.terminal(status)) {
        return status;
      }
      assertTrue(Instant.now().isBefore(deadline), "plan " + plan + " still running: " + status);
      Thread.sleep(50);
    }
  }

  @Test
  void givenTwoPlansCompetingForOneMasterTarget_whenBothRun_itShouldNeverExceedSixtyDisks()
      throws Exception {
    // vm-fs-01 and vm-fs-02 have 32 disks each: either fits mt-win-01 alone, both together do not.
    CompletableFuture<Integer> first = startPlan("plan-fs-a", "vm-fs-01");
    CompletableFuture<Integer> second = startPlan("plan-fs-b", "vm-fs-02");
    List<Integer> answers = List.of(first.get(), second.get());
    assertTrue(answers.contains(202), "at least one plan starts: " + answers);

    AtomicInteger maxDisks = new AtomicInteger();
    int protectedMachines = 0;
    for (String plan : List.of("plan-fs-a", "plan-fs-b")) {
      int answer = plan.endsWith("a") ? answers.get(0) : answers.get(1);
      if (answer != 202) {
        assertEquals(422, answer, "refused by the plan preflight (MT_DISK_LIMIT) or started");
        continue;
      }
      Map<String, Object> done = awaitPlan(plan, maxDisks);
      @SuppressWarnings("unchecked")
      Map<String, Object> only = ((List<Map<String, Object>>) done.get("machines")).get(0);
      if ("PROTECTED".equals(only.get("state"))) {
        protectedMachines++;
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> error = (Map<String, Object>) only.get("error");
        assertEquals("MT_DISK_LIMIT", error.get("rule"), done.toString());
      }
    }

    assertEquals(1, protectedMachines, "exactly one file server fits mt-win-01");
    assertTrue(maxDisks.get() <= 60, "mt-win-01 held " + maxDisks.get() + " disks");
    assertEquals(32, disksOn("mt-win-01"));
    SlotsView slots = slots("mt-win-01");
    assertTrue(slots.used() <= 60, slots.toString());
    assertTrue(slots.reserved().isEmpty(), "no reservation left in flight: " + slots);
    assertTrue(slots.waiting().isEmpty(), slots.toString());
  }

  @Test
  void givenARunningPlan_whenCancelled_itShouldLeaveNoDiskAttachedAndNoSlotHeld() throws Exception {
    List<Map<String, Object>> machines =
        List.of(
            onWindowsMasterTarget("vm-web-01"),
            machine("vm-db-01", "mt-lnx-01", "ps-azure-01", "vsan-01", "/mnt/retention"));
    assertEquals(
        HttpStatus.ACCEPTED,
        api.post("/api/v1/recovery-plans/plan-cancel/reprotect", Map.of("machines", machines))
            .getStatus());

    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (site.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-web-01").isEmpty()
        || site.masterTarget("mt-lnx-01").orElseThrow().attachedFor("vm-db-01").isEmpty()) {
      assertTrue(Instant.now().isBefore(deadline), "disks never attached");
      Thread.sleep(20);
    }
    assertEquals(
        HttpStatus.ACCEPTED,
        api.post("/api/v1/recovery-plans/plan-cancel/reprotection/cancel", Map.of()).getStatus());

    Map<String, Object> cancelled = awaitPlan("plan-cancel", new AtomicInteger());
    assertEquals("CANCELLED", cancelled.get("state"), cancelled.toString());
    assertEquals(List.of(), site.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-web-01"));
    assertEquals(List.of(), site.masterTarget("mt-lnx-01").orElseThrow().attachedFor("vm-db-01"));
    assertFalse(
        slots("mt-win-01").reserved().containsKey("vm-web-01"), slots("mt-win-01").toString());
    assertFalse(
        slots("mt-lnx-01").reserved().containsKey("vm-db-01"), slots("mt-lnx-01").toString());
    assertEquals(0, slots("mt-lnx-01").used(), slots("mt-lnx-01").toString());
    assertEquals("POWERED_OFF", site.vm("vm-web-01").orElseThrow().powerState().name());
  }
}
