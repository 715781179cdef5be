package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every endpoint fuzzed: schemathesis (pinned, installed by the {@code fuzz} profile) reads the
 * OpenAPI document the running embedded default serves and sends what it derives from it, valid and
 * invalid, to every operation. It fails on any 5xx, any status, content type or body the document
 * does not describe, and any 4xx that is not application/problem+json ({@code
 * src/test/fuzz/problem_json_hook.py}). Bounded: a fixed number of cases per operation, a time
 * budget, and a hard stop.
 *
 * <p>Run by maven-failsafe-plugin at integration-test, after the shaded jar is packaged ({@code mvn
 * verify}); {@code -DskipITs} skips it.
 */
@Timeout(600)
class ApiFuzzIT {

  static final String TOKEN = "api-fuzz-it-token";

  /**
   * Schemathesis's own time budget; the process is stopped {@link #HARD_STOP} later at the latest.
   */
  static final int BUDGET_SECONDS = 150;

  static final Duration HARD_STOP = Duration.ofSeconds(BUDGET_SECONDS + 120);

  @TempDir Path dir;

  private ShippedJarProcesses processes;

  /** The embedded default as an operator runs it: the shaded jar, no role, on free ports. */
  private Process startEmbeddedDefault(int httpPort) throws IOException {
    return processes.startJar(
        "reprotect",
        "512m",
        Map.of(
            "MICRONAUT_SERVER_PORT",
            String.valueOf(httpPort),
            "REPROTECT_TEMPORAL_TARGET",
            "localhost:" + ShippedJarProcesses.freePort(),
            "REPROTECT_API_TOKEN",
            TOKEN,
            // The embedded dev server: no Web UI port to collide on, state in memory (no shared
            // file).
            "REPROTECT_TEMPORAL_EMBEDDED_UI_PORT",
            "0",
            "REPROTECT_TEMPORAL_EMBEDDED_PERSISTENT",
            "false"));
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void givenTheRunningEmbeddedDefault_whenSchemathesisFuzzesEveryOperation_itShouldFindNoFailure()
      throws Exception {
    Path venv = Path.of(System.getProperty("schemathesis.venv", "target/schemathesis/venv"));
    Path st = venv.resolve("bin/st");
    assertTrue(
        Files.isExecutable(st), "schemathesis is not installed (the fuzz profile does it): " + st);
    Path hooks =
        Path.of(System.getProperty("schemathesis.hooks", "src/test/fuzz")).toAbsolutePath();

    processes = new ShippedJarProcesses(dir, "fuzz-it");
    int port = ShippedJarProcesses.freePort();
    Process reprotect = startEmbeddedDefault(port);
    processes.awaitHealthy("reprotect", reprotect, port, Duration.ofSeconds(120));

    String base = "http://127.0.0.1:" + port;
    Path reports = Path.of("target", "schemathesis").toAbsolutePath();
    Process fuzz =
        processes.start(
            "schemathesis",
            Map.of(
                "SCHEMATHESIS_HOOKS", "problem_json_hook",
                "PYTHONPATH", hooks.toString(),
                "NO_COLOR", "1"),
            List.of(
                st.toString(),
                "run",
                base + "/swagger/reprotect-v1.yml",
                "--url",
                base,
                "--header",
                "Authorization: Bearer " + TOKEN,
                "--checks",
                String.join(
                    ",",
                    "not_a_server_error",
                    "status_code_conformance",
                    "content_type_conformance",
                    "response_headers_conformance",
                    "response_schema_conformance",
                    "client_errors_are_problem_json"),
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                "25",
                "--max-time",
                String.valueOf(BUDGET_SECONDS),
                "--seed",
                "18",
                // One worker: Hypothesis reads lambda sources through a cache that concurrent
                // workers break
                // ("AST constructor recursion depth mismatch", a runtime error of the fuzzer, not
                // of the API).
                "--workers",
                "1",
                "--request-timeout",
                "30",
                "--generation-database",
                "none",
                "--no-color",
                "--report",
                "junit",
                "--report-junit-path",
                reports.resolve("junit.xml").toString()));
    boolean ended = fuzz.waitFor(HARD_STOP.toSeconds(), TimeUnit.SECONDS);
    String output = processes.tail("schemathesis");
    System.out.println("[fuzz-it] schemathesis:\n" + output);
    assertTrue(ended, "schemathesis did not end within " + HARD_STOP);
    assertTrue(
        reprotect.isAlive(), "reprotect died under the fuzzer: " + processes.tail("reprotect"));
    assertEquals(0, fuzz.exitValue(), "schemathesis found failures:\n" + output);
  }
}
