package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerting rules (deploy/prometheus/reprotect-alerts.yml) as Prometheus reads them: promtool
 * checks the file and runs its unit tests (src/test/prometheus/reprotect-alerts.test.yml), every
 * alert has a test in which it fires, and a test expecting the opposite fails (the tests can fail).
 * promtool is Debian's prometheus package, which the build installs when missing
 * (src/test/prometheus/install-promtool.sh); -Dpromtool.skip=true skips this test.
 */
class AlertingRulesTest {

  static final Path RULES = Path.of("prometheus/reprotect-alerts.yml");
  static final Path TESTS = Path.of("src/test/prometheus/reprotect-alerts.test.yml");

  record Run(int exit, String output) {}

  @BeforeAll
  static void promtoolPresent() {
    assumeFalse(Boolean.getBoolean("promtool.skip"), "-Dpromtool.skip=true");
  }

  static Run promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish: " + command);
    return new Run(process.exitValue(), output);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }

  static Set<String> alertNames() throws IOException {
    Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
    Set<String> names = new TreeSet<>();
    for (Map<String, Object> group : list(rules.get("groups"))) {
      list(group.get("rules")).forEach(rule -> names.add((String) rule.get("alert")));
    }
    return names;
  }

  @Test
  void givenTheRuleFile_whenPromtoolChecksIt_itShouldFindEveryRuleValid() throws Exception {
    Run check = promtool("check", "rules", RULES.toString());

    assertEquals(0, check.exit(), check.output());
    assertTrue(
        check.output().contains("SUCCESS: " + alertNames().size() + " rules found"),
        check.output());
  }

  @Test
  void givenTheRulesUnitTests_whenPromtoolRunsThem_everyOneShouldPass() throws Exception {
    Run test = promtool("test", "rules", TESTS.toString());

    assertEquals(0, test.exit(), test.output());
  }

  @Test
  void everyAlertShouldHaveAUnitTestInWhichItFires() throws Exception {
    Map<String, Object> tests = new Yaml().load(Files.readString(TESTS));
    Set<String> firing = new TreeSet<>();
    for (Map<String, Object> test : list(tests.get("tests"))) {
      for (Map<String, Object> expectation : list(test.get("alert_rule_test"))) {
        if (!list(expectation.get("exp_alerts")).isEmpty()) {
          firing.add((String) expectation.get("alertname"));
        }
      }
    }
    assertEquals(
        Set.of(
            "ReprotectRpoOverThreshold",
            "ReprotectReplicationCritical",
            "ReprotectWatchStopped",
            "ReprotectWorkflowsStuck",
            "ReprotectMasterTargetQueueWaiting"),
        alertNames());
    assertEquals(alertNames(), firing, "alerts without a unit test in which they fire");
  }

  /**
   * The RPO test expects the alert at 22 minutes; the same tests expecting silence there must fail.
   */
  @Test
  void givenATestExpectingNoRpoAlertOnceOverFifteenMinutesForFifteen_promtoolShouldFailIt(
      @TempDir Path dir) throws Exception {
    Map<String, Object> tests = new Yaml().load(Files.readString(TESTS));
    tests.put("rule_files", List.of(RULES.toAbsolutePath().toString()));
    int silenced = 0;
    for (Map<String, Object> test : list(tests.get("tests"))) {
      for (Map<String, Object> expectation : list(test.get("alert_rule_test"))) {
        if ("ReprotectRpoOverThreshold".equals(expectation.get("alertname"))
            && "22m".equals(expectation.get("eval_time"))) {
          expectation.put("exp_alerts", List.of());
          silenced++;
        }
      }
    }
    assertEquals(1, silenced, "the RPO expectation at 22m moved; update this test");
    Path silent = dir.resolve("silent.test.yml");
    Files.writeString(silent, new Yaml().dump(tests));

    Run test = promtool("test", "rules", silent.toString());

    assertNotEquals(0, test.exit(), test.output());
    assertTrue(test.output().contains("ReprotectRpoOverThreshold"), test.output());
  }
}
