package dev.reprotect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.api.security.MintToken;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI against the whole embedded stack (Temporal's real dev server, the worker on the simulated
 * sample site, the HTTP API) started in this JVM as the README's run command starts it; time scale
 * 0.002 turns the sample's minutes into seconds.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = CliStackTest.TOKEN)
@Property(
    name = "micronaut.security.token.jwt.signatures.secret.generator.secret",
    value = CliStackTest.JWT_SECRET)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Property(name = "reprotect.watch.check-interval", value = "500ms")
@Timeout(180)
class CliStackTest {

  static final String TOKEN = "cli-stack-test-token";
  static final String JWT_SECRET = "cli-stack-test-jwt-secret-0123456789-abcdef";
  static final Pattern PERCENT = Pattern.compile("\\[[#.]{20}\\]\\s+(\\d{1,3})%");
  static final Argument<Map<String, Object>> JSON_OBJECT =
      Argument.mapOf(String.class, Object.class);

  @Inject EmbeddedServer server;

  @Inject JsonMapper json;

  CliRunner cli;

  @BeforeAll
  void startCli() {
    cli = new CliRunner(server.getURL().toString(), TOKEN);
  }

  @AfterAll
  void closeCli() {
    cli.close();
  }

  private Map<String, Object> parse(String text) throws IOException {
    return json.readValue(text, JSON_OBJECT);
  }

  /** Every percent the progress lines showed, in order. */
  private static List<Integer> percents(String out) {
    return out.lines()
        .map(PERCENT::matcher)
        .filter(Matcher::find)
        .map(m -> Integer.parseInt(m.group(1)))
        .toList();
  }

  private String stateOf(String vm) throws IOException {
    CliRunner.Result status = cli.run("-o", "json", "status", vm);
    assertEquals(0, status.exitCode(), status.toString());
    return (String) parse(status.out()).get("state");
  }

  @Test
  void givenTheSampleWindowsVm_whenStartedWithWatch_itShouldShowProgressLinesAndExit0WhenProtected()
      throws Exception {
    CliRunner.Result run =
        cli.run("start", "--file", "examples/vm-web-01.json", "--watch", "--interval", "0.1");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("started reprotect-vm-web-01"), run.toString());
    List<Integer> percents = percents(run.out());
    assertTrue(percents.size() >= 3, "progress lines: " + run);
    assertTrue(percents.get(0) < 100, run.toString());
    assertEquals(100, percents.get(percents.size() - 1), run.toString());
    for (int i = 1; i < percents.size(); i++) {
      assertTrue(percents.get(i) >= percents.get(i - 1), "progress went back: " + run);
    }
    assertTrue(
        run.out().lines().anyMatch(l -> l.startsWith("vm-web-01 ") && l.contains("SYNCHRONIZE")),
        run.toString());
    assertTrue(run.out().strip().endsWith("vm-web-01: PROTECTED"), run.toString());

    CliRunner.Result status = cli.run("status", "vm-web-01");
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().contains("reprotect-vm-web-01  PROTECTED"), status.toString());
    for (String step :
        List.of(
            "VALIDATE",
            "WAIT_FOR_AGENT",
            "MERGE_SNAPSHOTS",
            "POWER_OFF",
            "ATTACH_DISKS",
            "START_REPLICATION",
            "SYNCHRONIZE")) {
      assertTrue(
          status
              .out()
              .lines()
              .anyMatch(l -> l.strip().startsWith(step + " ") && l.contains("COMPLETED")),
          step + " not completed: " + status);
    }

    CliRunner.Result history = cli.run("history", "vm-web-01");
    assertEquals(0, history.exitCode(), history.toString());
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(history.out()), ReprotectWorkflowImpl.class);
  }

  /** Last: vm-web-01 was protected by the first test; the protection watch reads it every 0.5 s. */
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void givenAProtectedVm_whenAskedForItsStatus_itShouldShowItsRpoAndReplicationHealth()
      throws Exception {
    if (!"PROTECTED".equals(stateOf("vm-web-01"))) {
      assertEquals(
          0,
          cli.run("start", "--file", "examples/vm-web-01.json", "--watch", "--interval", "0.1")
              .exitCode());
    }
    Instant deadline = Instant.now().plusSeconds(60);
    CliRunner.Result status = cli.run("status", "vm-web-01");
    while (!status.out().contains("protection: RPO")) {
      assertTrue(Instant.now().isBefore(deadline), "no protection line: " + status);
      Thread.sleep(250);
      status = cli.run("status", "vm-web-01");
    }
    assertEquals(0, status.exitCode(), status.toString());
    String line =
        status.out().lines().filter(l -> l.contains("protection: RPO")).findFirst().orElseThrow();
    assertTrue(
        line.contains("(within 15 minutes)")
            && line.contains("replication NORMAL")
            && line.contains("checked 20"),
        line);

    CliRunner.Result watch = cli.run("watch", "vm-web-01", "--interval", "0.1");
    assertEquals(0, watch.exitCode(), watch.toString());
    assertTrue(watch.out().contains("protection: RPO"), watch.toString());
    assertTrue(watch.out().strip().endsWith("vm-web-01: PROTECTED"), watch.toString());
  }

  @Test
  void
      givenTheSamplePlanFile_whenPlanStartedWithWatch_itShouldShowBarsForThePlanAndEachMachineAndEndProtected()
          throws Exception {
    CliRunner.Result run =
        cli.run(
            "plan",
            "start",
            "rp-app",
            "--file",
            "examples/rp-app.yaml",
            "--watch",
            "--interval",
            "0.1");

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("started plan rp-app"), run.toString());
    List<String> planLines = run.out().lines().filter(l -> l.startsWith("plan rp-app ")).toList();
    assertTrue(planLines.size() >= 2, run.toString());
    assertTrue(PERCENT.matcher(planLines.get(0)).find(), run.toString());
    for (String vm : List.of("vm-app-01", "vm-app-02")) {
      List<String> machineLines =
          run.out().lines().filter(l -> l.startsWith("  " + vm + " ")).toList();
      assertFalse(machineLines.isEmpty(), vm + ": " + run);
      assertTrue(
          machineLines.get(machineLines.size() - 1).contains("100%  PROTECTED"), vm + ": " + run);
    }
    assertTrue(
        run.out().strip().endsWith("plan rp-app: PROTECTED (2/2 machines protected)"),
        run.toString());

    CliRunner.Result status = cli.run("plan", "status", "rp-app");
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().startsWith("plan rp-app  PROTECTED"), status.toString());
    assertTrue(status.out().contains("group rg-app"), status.toString());

    CliRunner.Result listed = cli.run("list", "--plan", "rp-app");
    assertEquals(0, listed.exitCode(), listed.toString());
    assertTrue(
        listed.out().contains("reprotect-vm-app-01")
            && listed.out().contains("reprotect-vm-app-02"),
        listed.toString());
    assertTrue(listed.out().contains("of 2"), listed.toString());

    CliRunner.Result history = cli.run("plan", "history", "rp-app");
    assertEquals(0, history.exitCode(), history.toString());
    WorkflowExecutionHistory plan = WorkflowExecutionHistory.fromJson(history.out());
    assertEquals(
        "RecoveryPlan",
        plan.getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getWorkflowType()
            .getName());
    WorkflowReplayer.replayWorkflowExecution(plan, RecoveryPlanWorkflowImpl.class);
  }

  @Test
  void givenARuleBreakingVm_whenPreflightedOrStarted_itShouldPrintEachRuleWithItsFixAndExit3()
      throws Exception {
    String[] request = vmRequest("vm-azure-native", "mt-lnx-01", "nfs-01", "R:");

    CliRunner.Result preflight = cli.run(concat(new String[] {"preflight"}, request));
    assertEquals(3, preflight.exitCode(), preflight.toString());
    assertTrue(preflight.out().contains("preflight found"), preflight.toString());
    for (String rule :
        List.of("VM_CREATED_IN_AZURE", "MT_OS_MISMATCH", "DATASTORE_NFS_UNSUPPORTED")) {
      assertRuleWithFix(preflight.out(), rule, preflight);
    }

    CliRunner.Result start = cli.run(concat(new String[] {"start"}, request));
    assertEquals(3, start.exitCode(), start.toString());
    assertRuleWithFix(start.err(), "VM_CREATED_IN_AZURE", start);
    assertRuleWithFix(start.err(), "DATASTORE_NFS_UNSUPPORTED", start);

    CliRunner.Result startJson =
        cli.run(concat(new String[] {"--output", "json", "start"}, request));
    assertEquals(3, startJson.exitCode(), startJson.toString());
    Map<String, Object> problem = parse(startJson.out());
    assertEquals(422, ((Number) problem.get("status")).intValue(), startJson.toString());
    assertTrue(((List<?>) problem.get("violations")).size() >= 3, startJson.toString());

    CliRunner.Result notStarted = cli.run("status", "vm-azure-native");
    assertEquals(4, notStarted.exitCode(), notStarted.toString());
  }

  @Test
  void
      givenAPlanOverAMasterTargetsDisks_whenPreflightedOrStarted_itShouldNameTheRuleAndFixAndExit3()
          throws Exception {
    Path plan =
        Files.writeString(
            Files.createTempFile("rp-fileservers", ".yaml"),
            """
        machines:
          - { replicatedItem: vm-fs-01, masterTarget: mt-win-01, processServer: ps-azure-01, datastore: vmfs-01, retentionDrive: "R:" }
          - { replicatedItem: vm-fs-02, masterTarget: mt-win-01, processServer: ps-azure-01, datastore: vmfs-01, retentionDrive: "R:" }
        """);

    CliRunner.Result preflight =
        cli.run("plan", "preflight", "rp-fileservers", "--file", plan.toString());
    assertEquals(3, preflight.exitCode(), preflight.toString());
    assertRuleWithFix(preflight.out(), "MT_DISK_LIMIT", preflight);

    CliRunner.Result start =
        cli.run("plan", "start", "rp-fileservers", "--file", plan.toString(), "--watch");
    assertEquals(3, start.exitCode(), start.toString());
    assertRuleWithFix(start.err(), "MT_DISK_LIMIT", start);
    assertEquals(4, cli.run("plan", "status", "rp-fileservers").exitCode());
  }

  /** {@code RULE: message} on one line, {@code fix: ...} on the next. */
  private static void assertRuleWithFix(String text, String rule, CliRunner.Result run) {
    List<String> lines = text.lines().toList();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(rule + ": ")) {
        at = i;
        break;
      }
    }
    assertTrue(at >= 0, rule + " missing: " + run);
    assertTrue(
        lines.size() > at + 1
            && lines.get(at + 1).startsWith("  fix: ")
            && lines.get(at + 1).length() > 9,
        rule + " without its fix: " + run);
  }

  @Test
  void
      givenARunningReprotection_whenStartedAgainAndCancelled_itShouldExit5ThenWatchItEndCancelledWithExit1()
          throws Exception {
    String[] request = vmRequest("vm-db-01", "mt-lnx-01", "vsan-01", "/mnt/retention");
    CliRunner.Result started = cli.run(concat(new String[] {"start"}, request));
    assertEquals(0, started.exitCode(), started.toString());

    CliRunner.Result again = cli.run(concat(new String[] {"start"}, request));
    assertEquals(5, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already running"), again.toString());

    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!"SYNCHRONIZING".equals(stateOf("vm-db-01"))) {
      assertTrue(
          Instant.now().isBefore(deadline),
          "vm-db-01 never synchronized: " + cli.run("status", "vm-db-01"));
      Thread.sleep(100);
    }
    CliRunner.Result cancel = cli.run("cancel", "vm-db-01");
    assertEquals(0, cancel.exitCode(), cancel.toString());

    CliRunner.Result watch = cli.run("watch", "vm-db-01", "--interval", "0.1");
    assertEquals(1, watch.exitCode(), watch.toString());
    assertTrue(watch.out().strip().endsWith("vm-db-01: CANCELLED"), watch.toString());

    CliRunner.Result cancelAgain = cli.run("cancel", "vm-db-01");
    assertEquals(5, cancelAgain.exitCode(), cancelAgain.toString());
  }

  @Test
  void givenOutputJson_whenStartingWithWatchAndListing_itShouldPrintTheApiBodiesOnePerLine()
      throws Exception {
    CliRunner.Result run =
        cli.run(
            "start",
            "vm-old-01",
            "--output",
            "json",
            "--watch",
            "--interval",
            "0.1",
            "--master-target",
            "mt-win-01",
            "--process-server",
            "ps-azure-01",
            "--datastore",
            "vmfs-01",
            "--retention-drive",
            "R:");

    assertEquals(0, run.exitCode(), run.toString());
    List<String> lines = run.outLines();
    assertTrue(lines.size() >= 3, run.toString());
    for (String line : lines) {
      assertEquals("reprotect-vm-old-01", parse(line).get("id"), line);
    }
    assertEquals("PROTECTED", parse(lines.get(lines.size() - 1)).get("state"), run.toString());

    CliRunner.Result list = cli.run("list", "--state", "PROTECTED", "-o", "json");
    assertEquals(0, list.exitCode(), list.toString());
    assertEquals(1, list.outLines().size(), list.toString());
    List<?> items = (List<?>) parse(list.out()).get("items");
    assertTrue(
        items.stream().anyMatch(i -> "reprotect-vm-old-01".equals(((Map<?, ?>) i).get("id"))),
        list.toString());
  }

  @Test
  void givenAnUnknownVm_whenAskedForItsStatus_itShouldExit4WithTheProblem() throws Exception {
    CliRunner.Result text = cli.run("status", "vm-nowhere");
    assertEquals(4, text.exitCode(), text.toString());
    assertTrue(text.err().startsWith("error: Not found"), text.toString());
    assertEquals("", text.out());

    CliRunner.Result asJson = cli.run("history", "vm-nowhere", "-o", "json");
    assertEquals(4, asJson.exitCode(), asJson.toString());
    assertEquals(404, ((Number) parse(asJson.out()).get("status")).intValue(), asJson.toString());

    CliRunner.Result noPlan = cli.run("plan", "history", "rp-nowhere");
    assertEquals(4, noPlan.exitCode(), noPlan.toString());
    assertTrue(
        noPlan.err().contains("no reprotection of recovery plan rp-nowhere"), noPlan.toString());
  }

  @Test
  void givenAWrongOrMissingToken_whenCallingTheApi_itShouldExit6AndNeverPrintTheToken()
      throws Exception {
    String wrong = "not-the-token-" + System.nanoTime();
    try (CliRunner wrongToken = new CliRunner(server.getURL().toString(), wrong)) {
      CliRunner.Result run = wrongToken.run("list");
      assertEquals(6, run.exitCode(), run.toString());
      assertTrue(run.err().contains("authentication failed (401)"), run.toString());
      assertTrue(run.err().contains("fix: "), run.toString());
    }
    try (CliRunner noToken = new CliRunner(server.getURL().toString(), null)) {
      // The test JVM's environment may hold a token; an empty --token-file is refused before any
      // call.
      Path emptyFile = Files.createTempFile("token", ".txt");
      CliRunner.Result emptyTokenFile = noToken.run("--token-file", emptyFile.toString(), "list");
      assertEquals(2, emptyTokenFile.exitCode(), emptyTokenFile.toString());
      Path tokenFile = Files.writeString(Files.createTempFile("token", ".txt"), TOKEN + "\n");
      CliRunner.Result fromFile = noToken.run("--token-file", tokenFile.toString(), "list");
      assertEquals(0, fromFile.exitCode(), fromFile.toString());
      assertFalse(
          fromFile.out().contains(TOKEN) || fromFile.err().contains(TOKEN), fromFile.toString());
    }
  }

  @Test
  void givenAViewerToken_whenStartingOrCancelling_itShouldExit8AndStillRead() throws Exception {
    String viewer =
        MintToken.mint(
            JWT_SECRET, "auditor-vic", List.of("VIEWER"), Duration.ofMinutes(5), Instant.now());
    try (CliRunner viewing = new CliRunner(server.getURL().toString(), viewer)) {
      CliRunner.Result start =
          viewing.run(
              concat(new String[] {"start"}, vmRequest("vm-app-02", "mt-win-01", "vmfs-01", "R:")));
      assertEquals(8, start.exitCode(), start.toString());
      assertTrue(start.err().contains("not allowed (403)"), start.toString());
      assertTrue(start.err().contains("OPERATOR"), start.toString());
      CliRunner.Result cancel = viewing.run("cancel", "vm-app-02");
      assertEquals(8, cancel.exitCode(), cancel.toString());
      CliRunner.Result list = viewing.run("list");
      assertEquals(0, list.exitCode(), list.toString());
    }
  }

  @Test
  void givenTheApiIsDown_whenCalled_itShouldExit7() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (CliRunner down = new CliRunner("http://127.0.0.1:" + closedPort, TOKEN)) {
      CliRunner.Result run = down.run("status", "vm-web-01");
      assertEquals(7, run.exitCode(), run.toString());
      assertTrue(
          run.err().startsWith("error: cannot reach the API at http://127.0.0.1:" + closedPort),
          run.toString());
    }
  }

  @Test
  void givenABadCommandLineOrBody_whenRun_itShouldExit2AndHelpShouldListTheExitCodes()
      throws Exception {
    CliRunner.Result unknown = cli.run("start", "vm-web-01", "--no-such-option");
    assertEquals(2, unknown.exitCode(), unknown.toString());

    CliRunner.Result noVm = cli.run("start", "--master-target", "mt-win-01");
    assertEquals(2, noVm.exitCode(), noVm.toString());
    assertTrue(noVm.err().contains("name the VM"), noVm.toString());

    CliRunner.Result noFile =
        cli.run("plan", "start", "rp-app", "--file", "examples/no-such-plan.yaml");
    assertEquals(2, noFile.exitCode(), noFile.toString());

    Path empty = Files.writeString(Files.createTempFile("empty-plan", ".yaml"), "machines: []\n");
    CliRunner.Result malformed = cli.run("plan", "preflight", "rp-app", "--file", empty.toString());
    assertEquals(2, malformed.exitCode(), malformed.toString());
    assertTrue(
        malformed.err().contains("machines: must list at least one machine"), malformed.toString());

    CliRunner.Result help = cli.runExactly("plan", "watch", "--help");
    assertEquals(0, help.exitCode(), help.toString());
    for (String code : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8")) {
      assertTrue(
          help.out().lines().anyMatch(l -> l.startsWith("  " + code + "   ")),
          "exit code " + code + ": " + help);
    }
  }

  /** Last, so the plan test above has reprotected rp-app (here only when this test runs alone). */
  @Test
  @Order(Integer.MAX_VALUE)
  void givenAFinishedPlan_whenPlansAreListed_itShouldShowIt() throws Exception {
    if (cli.run("plan", "status", "rp-app").exitCode() == 4) {
      CliRunner.Result start =
          cli.run(
              "plan",
              "start",
              "rp-app",
              "--file",
              "examples/rp-app.yaml",
              "--watch",
              "--interval",
              "0.1");
      assertEquals(0, start.exitCode(), start.toString());
    }

    CliRunner.Result list = cli.run("plan", "list");
    assertEquals(0, list.exitCode(), list.toString());
    assertTrue(
        list.out().lines().anyMatch(l -> l.startsWith("rp-app ") && l.contains("PROTECTED")),
        list.toString());

    CliRunner.Result asJson = cli.run("plan", "list", "--state", "PROTECTED", "-o", "json");
    assertEquals(0, asJson.exitCode(), asJson.toString());
    List<?> items = (List<?>) parse(asJson.out()).get("items");
    assertTrue(
        items.stream().anyMatch(i -> "rp-app".equals(((Map<?, ?>) i).get("plan"))),
        asJson.toString());
  }

  @Test
  void givenAPlanWithoutValues_whenPlaced_itShouldProposeEveryMachinesValues() throws Exception {
    Path plan =
        Files.writeString(
            Files.createTempFile("rp-app-bare", ".yaml"),
            """
        machines:
          - replicatedItem: vm-app-01
          - replicatedItem: vm-app-02
            masterTarget: mt-win-01
        """);
    CliRunner.Result run = cli.run("plan", "placement", "rp-app", "--file", plan.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(
        run.out().lines().anyMatch(l -> l.startsWith("vm-app-01 ") && l.contains("mt-win-01")),
        run.toString());
    assertTrue(
        run.out().lines().anyMatch(l -> l.startsWith("vm-app-02 ") && l.contains("mt-win-01*")),
        run.toString());
    assertTrue(run.out().contains("master targets"), run.toString());

    CliRunner.Result asJson =
        cli.run("plan", "placement", "rp-app", "--file", plan.toString(), "-o", "json");
    assertEquals(0, asJson.exitCode(), asJson.toString());
    assertEquals(2, ((List<?>) parse(asJson.out()).get("machines")).size(), asJson.toString());

    CliRunner.Result tooBig =
        cli.run(
            "plan",
            "placement",
            "rp-fileservers",
            "--file",
            Files.writeString(
                    Files.createTempFile("rp-fs", ".yaml"),
                    """
            machines:
              - { replicatedItem: vm-fs-01, masterTarget: mt-win-01 }
              - { replicatedItem: vm-fs-02, masterTarget: mt-win-01 }
            """)
                .toString());
    assertEquals(3, tooBig.exitCode(), tooBig.toString());
  }

  /** A VM's request as options, through the one process server of the sample site. */
  private static String[] vmRequest(
      String vm, String masterTarget, String datastore, String retentionDrive) {
    return new String[] {
      vm,
      "--master-target",
      masterTarget,
      "--process-server",
      "ps-azure-01",
      "--datastore",
      datastore,
      "--retention-drive",
      retentionDrive
    };
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
