package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.reprotect.api.security.MintToken;
import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium) against the whole embedded stack: the page
 * loads with the token from its URL fragment, a plan started through the API appears without a
 * reload and reaches PROTECTED on screen with each machine's step timeline, and a reprotection that
 * breaks a rule at run time shows its rule ID and fix. Screenshots go to deploy/target/.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = DashboardBrowserTest.TOKEN)
// Temporal's Web UI on: the dashboard links each machine and plan to its page there.
@Property(name = "reprotect.temporal.embedded.ui-port", value = "${random.port}")
@Property(
    name = "micronaut.security.token.jwt.signatures.secret.generator.secret",
    value = DashboardBrowserTest.SECRET)
// Slower than the other stack tests, so the page (polling every 1.5 s) sees the plan running.
@Property(name = "reprotect.site.simulated.time-scale", value = "0.005")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Property(name = "reprotect.watch.check-interval", value = "500ms")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class DashboardBrowserTest {

  static final String TOKEN = "dashboard-browser-test-token";
  static final String SECRET = "dashboard-browser-test-jwt-secret-0123456789";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);
  static final Duration PATIENCE = Duration.ofSeconds(120);
  static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");

  static ChromeDriver browser;

  @Inject EmbeddedServer server;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject SimulatedSite site;

  @Inject dev.reprotect.worker.server.EmbeddedTemporalServer temporal;

  @BeforeAll
  static void startBrowser() throws Exception {
    assumeFalse(Boolean.getBoolean("browser.skip"), "browser.skip=true");
    browser = HeadlessChromium.start(TARGET.resolve("chromium-profiles"));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private HttpResponse<Map<String, Object>> post(String path, Object body) {
    return http.toBlocking().exchange(HttpRequest.POST(path, body).bearerAuth(TOKEN), JSON);
  }

  private String url(String path) {
    return "http://localhost:" + server.getPort() + path;
  }

  private static WebDriverWait waitUpTo(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(browser, timeout, Duration.ofMillis(200));
    wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
    return wait;
  }

  private static By testId(String id) {
    return By.cssSelector("[data-testid='" + id + "']");
  }

  private static By planRow(String plan) {
    return By.cssSelector("[data-testid='plan-row'][data-plan='" + plan + "']");
  }

  private static By machine(String item) {
    return By.cssSelector("[data-testid='machine'][data-item='" + item + "']");
  }

  private static String text(WebElement root, String id) {
    return root.findElement(testId(id)).getText();
  }

  private void openDashboard() {
    browser.get(url("/dashboard/#token=" + TOKEN));
    waitUpTo(PATIENCE)
        .until(b -> "ok".equals(b.findElement(testId("live-status")).getDomAttribute("data-live")));
  }

  @Test
  @Order(1)
  void givenAWrongToken_whenTheDashboardOpens_itShouldAskForOneAndShowNoData() {
    browser.get(url("/dashboard/#token=not-the-token"));

    waitUpTo(PATIENCE).until(b -> b.findElement(testId("login")).isDisplayed());
    assertTrue(browser.findElement(testId("login-message")).getText().contains("401"));
    assertFalse(browser.findElement(testId("dashboard")).isDisplayed());
    assertFalse(
        browser.getCurrentUrl().contains("not-the-token"), "the token left in the address bar");
  }

  @Test
  @Order(2)
  void
      givenThePlanStartedThroughTheApiWithAutoPlacement_whenWatched_itShouldShowItsValuesAndReachProtectedWithTimelines()
          throws Exception {
    openDashboard();
    assertFalse(browser.getCurrentUrl().contains(TOKEN), "the token left in the address bar");
    assertTrue(
        browser.findElement(testId("plans-empty")).isDisplayed(),
        "a plan shown before any was started");
    waitUpTo(PATIENCE)
        .until(
            b ->
                !b.findElements(By.cssSelector("[data-testid='mt'][data-name='mt-win-01']"))
                    .isEmpty());

    // Placement fills what the body leaves out: vm-app-01 gives nothing, vm-app-02 only its master
    // target (the group shares one, so vm-app-01 lands there too).
    HttpResponse<Map<String, Object>> started =
        post(
            "/api/v1/recovery-plans/rp-app/reprotect",
            Map.of(
                "placement",
                "auto",
                "machines",
                List.of(
                    Map.of("replicatedItem", "vm-app-01"),
                    Map.of("replicatedItem", "vm-app-02", "masterTarget", "mt-win-01"))));
    assertEquals(HttpStatus.ACCEPTED, started.getStatus());

    // The page, never reloaded, shows the plan while it runs and then PROTECTED.
    Set<String> planStatesSeen = new LinkedHashSet<>();
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      List<WebElement> rows = browser.findElements(planRow("rp-app"));
      String state = rows.isEmpty() ? null : stateOf(rows.get(0));
      if (state != null) {
        planStatesSeen.add(state);
      }
      if ("PROTECTED".equals(state) || "FAILED".equals(state) || "CANCELLED".equals(state)) {
        break;
      }
      assertTrue(
          Instant.now().isBefore(deadline),
          "plan not finished on screen; states seen " + planStatesSeen);
      Thread.sleep(200);
    }
    assertEquals(
        "PROTECTED",
        List.copyOf(planStatesSeen).get(planStatesSeen.size() - 1),
        planStatesSeen.toString());
    assertTrue(
        planStatesSeen.stream().anyMatch(s -> !s.equals("PROTECTED")),
        "the page never showed the plan running: " + planStatesSeen);
    WebElement row = browser.findElement(planRow("rp-app"));
    assertEquals("100", row.findElement(testId("plan-progress")).getDomAttribute("data-value"));
    assertTrue(text(row, "plan-counts").contains("PROTECTED 2"), text(row, "plan-counts"));

    // Its machines, shown for the plan, each PROTECTED with a full step timeline.
    row.findElement(testId("plan-name")).click();
    waitUpTo(PATIENCE)
        .until(b -> b.findElement(testId("machines-filter")).getText().contains("rp-app"));
    for (String vm : List.of("vm-app-01", "vm-app-02")) {
      waitUpTo(PATIENCE)
          .until(b -> "PROTECTED".equals(b.findElement(machine(vm)).getDomAttribute("data-state")));
    }
    WebElement card = browser.findElement(machine("vm-app-01"));
    assertEquals("100", card.findElement(testId("machine-progress")).getDomAttribute("data-value"));
    // Each machine and plan links to its page in Temporal's Web UI, which answers.
    String ui = temporal.uiUrl().orElseThrow();
    assertEquals(
        ui + "/namespaces/default/workflows/reprotect-vm-app-01",
        card.findElement(testId("machine-temporal-link")).getDomAttribute("href"));
    assertEquals(
        ui + "/namespaces/default/workflows/recovery-plan-rp-app",
        row.findElement(testId("plan-temporal-link")).getDomAttribute("href"));
    assertFalse(
        browser.findElement(testId("temporal-banner")).isDisplayed(),
        "no in-memory banner on the real server");
    var uiPage =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(ui + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(200, uiPage.statusCode(), "Temporal's Web UI at " + ui);
    assertTrue(text(card, "machine-plan").contains("rp-app"));
    // The values placement chose are on each machine's card; a value the request gave says so.
    assertTrue(
        text(card, "machine-placement")
            .startsWith("placed: master target mt-win-01 · process server "),
        text(card, "machine-placement"));
    assertFalse(
        text(card, "machine-placement").contains("(given)"), text(card, "machine-placement"));
    assertTrue(
        text(browser.findElement(machine("vm-app-02")), "machine-placement")
            .contains("master target mt-win-01 (given)"),
        text(browser.findElement(machine("vm-app-02")), "machine-placement"));
    card.findElement(By.cssSelector("[data-testid='machine-timeline'] summary")).click();
    waitUpTo(PATIENCE)
        .until(
            b ->
                b.findElement(machine("vm-app-01")).findElements(testId("step")).stream()
                    .allMatch(WebElement::isDisplayed));
    List<WebElement> steps = browser.findElement(machine("vm-app-01")).findElements(testId("step"));
    assertEquals(
        List.of(
            "VALIDATE",
            "WAIT_FOR_AGENT",
            "MERGE_SNAPSHOTS",
            "POWER_OFF",
            "ATTACH_DISKS",
            "START_REPLICATION",
            "SYNCHRONIZE"),
        steps.stream().map(s -> text(s, "step-name")).toList());
    for (WebElement step : steps) {
      String name = text(step, "step-name");
      String state = step.getDomAttribute("data-state");
      assertTrue(List.of("COMPLETED", "SKIPPED").contains(state), name + " " + state);
      if ("COMPLETED".equals(state)) {
        assertTrue(Integer.parseInt(text(step, "step-attempts")) >= 1, name + " attempts");
        assertFalse(text(step, "step-duration").isBlank(), name + " duration");
        assertFalse(text(step, "step-started").isBlank(), name + " started");
      }
    }

    // The protected machines' disks keep their slots on mt-win-01.
    waitUpTo(PATIENCE)
        .until(
            b ->
                Integer.parseInt(
                        b.findElement(By.cssSelector("[data-testid='mt'][data-name='mt-win-01']"))
                            .getDomAttribute("data-held"))
                    >= 2);
    WebElement mt =
        browser.findElement(By.cssSelector("[data-testid='mt'][data-name='mt-win-01']"));
    assertTrue(text(mt, "mt-slots").endsWith("of 60"), text(mt, "mt-slots"));
    assertEquals(60, mt.findElements(By.cssSelector("[data-testid='mt-bar'] .slot")).size());

    Path shot =
        HeadlessChromium.screenshot(browser, TARGET.resolve("dashboard-plan-protected.png"));
    System.out.println("Dashboard screenshot (plan rp-app protected): " + shot);
  }

  @Test
  @Order(3)
  void givenAReprotectionThatBreaksARuleAtRunTime_whenWatched_itShouldShowTheRuleAndItsFix()
      throws Exception {
    // A fresh load through "/", which leads to the dashboard; the tab still holds the token.
    browser.get(url("/"));
    waitUpTo(PATIENCE)
        .until(
            b ->
                b.getCurrentUrl().contains("/dashboard/")
                    && "ok"
                        .equals(b.findElement(testId("live-status")).getDomAttribute("data-live")));
    assertTrue(
        browser.findElement(testId("machines-filter")).getText().contains("every reprotection"));
    String vm = "vm-slow-agent-01";
    post("/api/v1/reprotections", ApiCalls.sampleMachine(vm));
    awaitApiState("reprotect-" + vm, "SYNCHRONIZING");

    // Powered on during synchronization: the reprotection fails by rule at run time.
    SiteFaults.of(site).powerOn(vm);

    waitUpTo(PATIENCE)
        .until(b -> "FAILED".equals(b.findElement(machine(vm)).getDomAttribute("data-state")));
    WebElement card = browser.findElement(machine(vm));
    waitUpTo(PATIENCE)
        .until(b -> b.findElement(machine(vm)).findElement(testId("machine-error")).isDisplayed());
    assertEquals(Rule.ONPREM_VM_POWERED_ON.name(), text(card, "error-rule"));
    assertEquals(Rule.ONPREM_VM_POWERED_ON.fix(), text(card, "error-fix"));
    assertTrue(text(card, "error-step").contains("SYNCHRONIZE"), text(card, "error-step"));
    assertFalse(text(card, "error-message").isBlank());
    WebElement failedStep =
        card.findElement(By.cssSelector("[data-testid='strip-step'][data-step='SYNCHRONIZE']"));
    assertEquals("FAILED", failedStep.getDomAttribute("data-state"));
    card.findElement(By.cssSelector("[data-testid='machine-timeline'] summary")).click();

    Path shot = HeadlessChromium.screenshot(browser, TARGET.resolve("dashboard.png"));
    System.out.println("Dashboard screenshot (a failure with its rule and fix): " + shot);
  }

  /**
   * The sample's vm-fs-02 falls behind 30 site minutes after protection (9 s here): its card goes
   * from green to amber with its RPO over 15 minutes, as the protection watch reads it.
   */
  @Test
  @Order(5)
  void givenAProtectedMachineThatFallsBehind_whenWatched_itsCardShouldTurnFromOkToWarnWithItsRpo()
      throws Exception {
    openDashboard();
    String vm = "vm-fs-02";
    post("/api/v1/reprotections", ApiCalls.sampleMachine(vm));

    waitUpTo(PATIENCE)
        .until(
            b ->
                "PROTECTED".equals(b.findElement(machine(vm)).getDomAttribute("data-state"))
                    && !""
                        .equals(
                            String.valueOf(
                                b.findElement(machine(vm)).getDomAttribute("data-protection"))));
    WebElement protection =
        browser.findElement(machine(vm)).findElement(testId("machine-protection"));
    waitUpTo(PATIENCE)
        .until(b -> protection.isDisplayed() && protection.getText().startsWith("RPO "));

    waitUpTo(PATIENCE)
        .until(b -> "warn".equals(b.findElement(machine(vm)).getDomAttribute("data-protection")));
    WebElement card = browser.findElement(machine(vm));
    String shown = text(card, "machine-protection");
    assertTrue(shown.contains("over 15 min") && shown.contains("replication warning"), shown);
    // --warn (#c47f00): the card's edge is amber, no longer the protected green.
    assertEquals(
        "rgb(196, 127, 0)",
        card.getCssValue("border-left-color").replace("rgba", "rgb").replace(", 1)", ")"));

    Path shot = HeadlessChromium.screenshot(browser, TARGET.resolve("dashboard-protection.png"));
    System.out.println("Dashboard screenshot (a protected machine past its RPO): " + shot);
  }

  // Before the watch test: vm-fs-01's 32 disks and vm-fs-02's (protected, kept) do not fit on
  // mt-win-01 together; this one is cancelled, which detaches its disks.
  @Test
  @Order(4)
  void
      givenARunningReprotection_whenAViewerAndThenAnOperatorWatch_itShouldOfferCancelOnlyToTheOperator()
          throws Exception {
    String viewer =
        MintToken.mint(
            SECRET, "auditor-vic", List.of("VIEWER"), Duration.ofMinutes(10), Instant.now());
    browser.get(url("/dashboard/#token=" + viewer));
    waitUpTo(PATIENCE)
        .until(b -> b.findElement(testId("caller")).getText().contains("auditor-vic · viewer"));
    // 32 disks of 100 GiB: its synchronization lasts long enough to be watched.
    String vm = "vm-fs-01";
    post("/api/v1/reprotections", ApiCalls.sampleMachine(vm));

    waitUpTo(PATIENCE)
        .until(
            b -> "SYNCHRONIZING".equals(b.findElement(machine(vm)).getDomAttribute("data-state")));
    assertTrue(
        text(browser.findElement(machine(vm)), "machine-who").contains("started by api-token"));
    assertEquals(
        List.of(),
        browser.findElements(By.cssSelector("button.action")).stream()
            .filter(WebElement::isDisplayed)
            .map(WebElement::getText)
            .toList(),
        "actions shown to a viewer");

    // The operator's token in the same tab: the cancel appears, and the cancel is recorded as
    // theirs.
    browser.get(url("/dashboard/#token=" + TOKEN));
    waitUpTo(PATIENCE)
        .until(
            b ->
                b.findElement(testId("caller")).getText().contains("api-token · operator")
                    && b.findElement(machine(vm))
                        .findElement(testId("machine-cancel"))
                        .isDisplayed());
    browser.executeScript("window.confirm = () => true;");
    browser.findElement(machine(vm)).findElement(testId("machine-cancel")).click();
    waitUpTo(PATIENCE)
        .until(b -> "CANCELLED".equals(b.findElement(machine(vm)).getDomAttribute("data-state")));
    waitUpTo(PATIENCE)
        .until(
            b ->
                text(b.findElement(machine(vm)), "machine-who").contains("cancelled by api-token"));
    assertFalse(
        browser.findElement(machine(vm)).findElement(testId("machine-cancel")).isDisplayed());
  }

  private static String stateOf(WebElement row) {
    try {
      return row.getDomAttribute("data-state");
    } catch (StaleElementReferenceException replaced) {
      return null;
    }
  }

  private void awaitApiState(String id, String state) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      Map<String, Object> status =
          http.toBlocking()
              .retrieve(HttpRequest.GET("/api/v1/reprotections/" + id).bearerAuth(TOKEN), JSON);
      if (state.equals(status.get("state"))) {
        return;
      }
      assertFalse(
          List.of("PROTECTED", "FAILED", "CANCELLED").contains(status.get("state")),
          status.toString());
      assertTrue(Instant.now().isBefore(deadline), "still not " + state + ": " + status);
      Thread.sleep(100);
    }
  }
}
