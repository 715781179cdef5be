package dev.reprotect;

import static dev.reprotect.StackApi.JSON;
import static dev.reprotect.StackApi.onWindowsMasterTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.Step;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributes;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * What an SRE sees of the embedded stack outside the API: our domain metrics and the SDK's on
 * {@code /prometheus}, and the search attributes Temporal's UI and CLI filter by.
 */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Property(name = "reprotect.watch.check-interval", value = "500ms")
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityStackTest {

  @Inject StackApi api;

  @Inject SimulatedSite site;

  @Inject WorkflowClient temporal;

  /**
   * Scrape (no credentials) until the scrape shows what is expected: the SDK reports every second.
   */
  private PrometheusScrape awaitScrape(String what, Predicate<PrometheusScrape> until)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(StackApi.PATIENCE);
    while (true) {
      HttpResponse<String> response =
          api.client().exchange(HttpRequest.GET("/prometheus"), String.class);
      assertEquals(HttpStatus.OK, response.getStatus());
      PrometheusScrape scrape = PrometheusScrape.parse(response.body());
      if (until.test(scrape)) {
        return scrape;
      }
      assertTrue(Instant.now().isBefore(deadline), "/prometheus never showed " + what);
      Thread.sleep(250);
    }
  }

  private SearchAttributes searchAttributesOf(String workflowId) {
    return temporal.newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes();
  }

  @Test
  void
      givenAProtectedReprotection_whenScraped_itShouldShowItsEndEveryStepTheAgentWaitSlotsAndTheSdkMetrics()
          throws Exception {
    api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-web-01"));
    Map<String, Object> done =
        api.await("/api/v1/reprotections/reprotect-vm-web-01", StackApi::terminal);
    assertEquals("PROTECTED", done.get("state"), done.toString());

    // A protected machine's disks stay attached and hold their slots (vm-web-01's two, and the plan
    // test's machines when it ran first): the gauge is what the master target's ledger says.
    SlotsView slots =
        temporal
            .newWorkflowStub(
                MasterTargetSlotsWorkflow.class,
                MasterTargetSlotsWorkflow.workflowIdFor("mt-win-01"))
            .slots();
    assertTrue(slots.used() >= 2, slots.toString());
    PrometheusScrape scrape =
        awaitScrape(
            "a protected reprotection and " + slots.used() + " slots used",
            s ->
                s.sum("reprotect_reprotections_total", Map.of("state", "PROTECTED", "rule", "none"))
                        >= 1
                    && s.sum(
                            "reprotect_master_target_slots_used",
                            Map.of("master_target", "mt-win-01"))
                        == slots.used());
    for (Step step : Step.values()) {
      assertTrue(
          scrape.sum(
                  "reprotect_step_duration_seconds_count",
                  Map.of(
                      "step",
                      step.name(),
                      "outcome",
                      "COMPLETED",
                      "workflow_type",
                      ReprotectWorkflow.TYPE))
              >= 1,
          "no duration of step " + step);
    }
    assertTrue(scrape.sum("reprotect_agent_wait_seconds_count", Map.of()) >= 1, "no agent wait");
    assertTrue(
        scrape.sum("reprotect_agent_wait_seconds_sum", Map.of()) > 0,
        "agent waits of no time at all");
    assertEquals(
        60.0,
        scrape.sum("reprotect_master_target_slots_capacity", Map.of("master_target", "mt-win-01")));
    // The SDK's own metrics, through the same registry.
    assertTrue(
        scrape.sum(
                "temporal_workflow_completed_total",
                Map.of("workflow_type", ReprotectWorkflow.TYPE))
            >= 1,
        "no temporal_workflow_completed for Reprotect");
    assertTrue(scrape.has("temporal_request_total"), "no temporal_request");
    assertTrue(
        scrape.has("temporal_activity_execution_latency_seconds_count"), "no activity latency");

    SearchAttributes attributes = searchAttributesOf("reprotect-vm-web-01");
    assertEquals("vm-web-01", attributes.get(ReprotectSearchAttributes.VM));
    assertEquals("PROTECTED", attributes.get(ReprotectSearchAttributes.STATE));
    assertEquals("SYNCHRONIZE", attributes.get(ReprotectSearchAttributes.STEP));
    assertEquals(null, attributes.get(ReprotectSearchAttributes.PLAN));
    assertEquals(null, attributes.get(ReprotectSearchAttributes.RULE));
  }

  @Test
  void givenAReprotectionFailingByRule_whenScraped_itShouldCountTheRuleAndShowItInSearchAttributes()
      throws Exception {
    api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-slow-agent-01"));
    String path = "/api/v1/reprotections/reprotect-vm-slow-agent-01";
    Map<String, Object> synchronizing =
        api.await(path, s -> "SYNCHRONIZING".equals(s.get("state")) || StackApi.terminal(s));
    assertEquals("SYNCHRONIZING", synchronizing.get("state"), synchronizing.toString());
    SearchAttributes running = searchAttributesOf("reprotect-vm-slow-agent-01");
    assertEquals("SYNCHRONIZE", running.get(ReprotectSearchAttributes.STEP));
    assertEquals("SYNCHRONIZING", running.get(ReprotectSearchAttributes.STATE));

    SiteFaults.of(site).powerOn("vm-slow-agent-01");
    Map<String, Object> failed = api.await(path, StackApi::terminal);
    assertEquals("FAILED", failed.get("state"), failed.toString());

    PrometheusScrape scrape =
        awaitScrape(
            "a reprotection failed by ONPREM_VM_POWERED_ON",
            s ->
                s.sum(
                        "reprotect_reprotections_total",
                        Map.of("state", "FAILED", "rule", "ONPREM_VM_POWERED_ON"))
                    >= 1);
    assertTrue(
        scrape.sum(
                "reprotect_step_duration_seconds_count",
                Map.of("step", "SYNCHRONIZE", "outcome", "FAILED"))
            >= 1,
        "no duration of the failed step");

    SearchAttributes attributes = searchAttributesOf("reprotect-vm-slow-agent-01");
    assertEquals("FAILED", attributes.get(ReprotectSearchAttributes.STATE));
    assertEquals("ONPREM_VM_POWERED_ON", attributes.get(ReprotectSearchAttributes.RULE));
    assertEquals("SYNCHRONIZE", attributes.get(ReprotectSearchAttributes.STEP));
  }

  @Test
  void
      givenTheKubernetesProbes_whenAskedWithoutCredentials_itShouldAnswerUpOnLivenessAndReadiness() {
    for (String probe : List.of("/health/liveness", "/health/readiness")) {
      HttpResponse<Map<String, Object>> response =
          api.client().exchange(HttpRequest.GET(probe), JSON);
      assertEquals(HttpStatus.OK, response.getStatus(), probe);
      assertEquals("UP", response.body().get("status"), probe + ": " + response.body());
    }
  }

  @Test
  void givenAPlan_whenScraped_itShouldShowItsProgressAndEndAndTagEachMachineWithThePlan()
      throws Exception {
    api.post(
        "/api/v1/recovery-plans/rp-app/reprotect",
        Map.of(
            "machines",
            List.of(onWindowsMasterTarget("vm-app-01"), onWindowsMasterTarget("vm-app-02"))));
    Map<String, Object> done =
        api.await("/api/v1/recovery-plans/rp-app/reprotection", StackApi::terminal);
    assertEquals("PROTECTED", done.get("state"), done.toString());

    PrometheusScrape scrape =
        awaitScrape(
            "the plan's end",
            s -> s.sum("reprotect_plans_total", Map.of("state", "PROTECTED")) >= 1);
    assertEquals(100.0, scrape.sum("reprotect_plan_progress_percent", Map.of("plan", "rp-app")));

    SearchAttributes plan = searchAttributesOf("recovery-plan-rp-app");
    assertEquals("rp-app", plan.get(ReprotectSearchAttributes.PLAN));
    assertEquals("PROTECTED", plan.get(ReprotectSearchAttributes.STATE));
    for (String vm : List.of("vm-app-01", "vm-app-02")) {
      SearchAttributes machine = searchAttributesOf("reprotect-" + vm);
      assertEquals("rp-app", machine.get(ReprotectSearchAttributes.PLAN), vm);
      assertEquals(vm, machine.get(ReprotectSearchAttributes.VM));
      assertEquals("PROTECTED", machine.get(ReprotectSearchAttributes.STATE), vm);
    }
  }

  /**
   * Last, once the runs above have filled the registry: every metric the Grafana dashboard queries
   * is one /prometheus serves (ours), or one the Temporal SDK defines (some only appear on
   * failures).
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void givenTheGrafanaDashboard_everyMetricItQueriesShouldBeServedOrDefinedByTheSdk()
      throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(Files.readString(Path.of("grafana/reprotect-dashboard.json")));
    List<String> expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
    assertTrue(expressions.size() >= 15, "queries: " + expressions.size());
    Set<String> queried = new TreeSet<>();
    Matcher names =
        Pattern.compile("\\b((?:reprotect|temporal)_[a-z_]+)")
            .matcher(String.join("\n", expressions));
    while (names.find()) {
      queried.add(names.group(1));
    }
    Set<String> sdk = new TreeSet<>();
    for (Class<?> type :
        List.of(
            io.temporal.worker.MetricsType.class, io.temporal.serviceclient.MetricsType.class)) {
      for (Field f : type.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          sdk.add((String) f.get(null));
        }
      }
    }
    // The protection watch's series appear once it checked a protected machine (vm-web-01 above).
    PrometheusScrape scrape =
        awaitScrape(
            "the domain metrics",
            s -> s.has("reprotect_reprotections_total") && s.has("reprotect_rpo_seconds"));
    List<String> unknown = new ArrayList<>();
    for (String name : queried) {
      String base = name.replaceAll("(_seconds)?(_bucket|_sum|_count|_total)$", "");
      boolean served = scrape.has(name);
      boolean defined = name.startsWith("temporal_") && sdk.contains(base);
      if (!served && !defined) {
        unknown.add(name);
      }
    }
    assertEquals(List.of(), unknown, "dashboard metrics neither served nor defined by the SDK");
    for (String ours :
        List.of(
            "reprotect_reprotections_total",
            "reprotect_step_duration_seconds_bucket",
            "reprotect_agent_wait_seconds_bucket",
            "reprotect_plan_progress_percent",
            "reprotect_master_target_slots_used",
            "reprotect_rpo_seconds",
            "reprotect_replication_health",
            "reprotect_watch_last_check_timestamp_seconds")) {
      assertTrue(queried.contains(ours), "the dashboard does not show " + ours);
    }
  }
}
