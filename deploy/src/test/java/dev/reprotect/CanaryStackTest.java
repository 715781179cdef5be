package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.reprotect.logging.LogFormatEncoder;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * R5 secrets: a canary secret is planted everywhere a secret enters the process (the JWT signing
 * secret, the Temporal API key file, the vCenter password and password file and the Azure client
 * secret keys, a client presenting it as a bearer token), a reprotection and a recovery plan run
 * end to end, and then every workflow history (over the API and straight from Temporal, every
 * execution of every type) and every log line and stdout line is searched for it: zero occurrences.
 */
@ExtendWith(CanaryStackTest.Capture.class) // first: capture starts before the application does
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "reprotect.api.token", value = CanaryStackTest.TOKEN)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Property(
    name = "micronaut.security.token.jwt.signatures.secret.generator.secret",
    value = CanaryStackTest.CANARY + "-jwt-secret-padding")
@Property(
    name = "reprotect.temporal.api-key-file",
    value = "src/test/resources/canary/temporal-api-key")
@Property(
    name = "reprotect.temporal.tls.enabled",
    value = "false") // the embedded server speaks plaintext
@Property(name = "reprotect.site.vcenter.username", value = "administrator@vsphere.local")
@Property(name = "reprotect.site.vcenter.password", value = CanaryStackTest.CANARY)
@Property(
    name = "reprotect.site.vcenter.password-file",
    value = "src/test/resources/canary/temporal-api-key")
@Property(name = "reprotect.site.azure.client-secret", value = CanaryStackTest.CANARY)
@Timeout(180)
class CanaryStackTest {

  static final String CANARY = "CANARY-5e1f0c7a-b2d4-4c19-9e3f-do-not-leak";
  static final String TOKEN = "canary-stack-test-token";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  static final ByteArrayOutputStream STDOUT = new ByteArrayOutputStream();
  static final PrintStream ORIGINAL_OUT = System.out;
  static final PrintStream ORIGINAL_ERR = System.err;

  /** Starts capturing every log line and stdout/stderr before the application context starts. */
  public static final class Capture implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      install();
    }
  }

  static synchronized void install() {
    if (LOGS.isStarted()) {
      return;
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LOGS.start();
    root.addAppender(LOGS);
    ((Logger) LoggerFactory.getLogger("dev.reprotect")).setLevel(Level.DEBUG);
    ((Logger) LoggerFactory.getLogger("io.micronaut.security")).setLevel(Level.DEBUG);
    System.setOut(new PrintStream(new Tee(ORIGINAL_OUT, STDOUT), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(ORIGINAL_ERR, STDOUT), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void restore() {
    System.setOut(ORIGINAL_OUT);
    System.setErr(ORIGINAL_ERR);
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
  }

  @Inject
  @Client("/")
  HttpClient http;

  @Inject WorkflowClient temporal;

  private Map<String, Object> get(String path) {
    return http.toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(TOKEN), JSON);
  }

  private void post(String path, Object body) {
    http.toBlocking().exchange(HttpRequest.POST(path, body).bearerAuth(TOKEN), JSON);
  }

  private Map<String, Object> await(String path) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    Map<String, Object> status = get(path);
    while (!List.of("PROTECTED", "FAILED", "CANCELLED").contains(status.get("state"))) {
      assertTrue(Instant.now().isBefore(deadline), "timed out; last status " + status);
      Thread.sleep(100);
      status = get(path);
    }
    return status;
  }

  private static Map<String, Object> vm(String item, String mt, String ds, String drive) {
    return Map.of(
        "replicatedItem",
        item,
        "masterTarget",
        mt,
        "processServer",
        "ps-azure-01",
        "datastore",
        ds,
        "retentionDrive",
        drive);
  }

  private static int occurrences(String haystack) {
    int n = 0;
    for (int i = haystack.indexOf(CANARY); i >= 0; i = haystack.indexOf(CANARY, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void
      givenACanarySecretInEverySecretPath_whenAReprotectionAndAPlanRun_noHistoryAndNoLogLineHoldsIt()
          throws Exception {
    // A client presenting the canary as its token is refused, and the refusal does not echo it.
    HttpClientResponseException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            HttpClientResponseException.class,
            () ->
                http.toBlocking()
                    .exchange(HttpRequest.GET("/api/v1/reprotections").bearerAuth(CANARY), JSON));
    assertEquals(401, refused.getStatus().getCode());
    assertEquals(0, occurrences(refused.getResponse().getBody(String.class).orElse("")));

    post("/api/v1/reprotections", vm("vm-web-01", "mt-win-01", "vmfs-01", "R:"));
    post(
        "/api/v1/recovery-plans/rp-app/reprotect",
        Map.of(
            "machines",
            List.of(
                vm("vm-app-01", "mt-win-01", "vmfs-01", "R:"),
                vm("vm-app-02", "mt-win-01", "vmfs-01", "R:"))));
    // A rule violation too: failures and their messages go into histories and logs.
    try {
      post("/api/v1/reprotections", vm("vm-azure-native", "mt-win-01", "vmfs-01", "R:"));
    } catch (HttpClientResponseException expected) {
      assertEquals(422, expected.getStatus().getCode());
    }
    assertEquals("PROTECTED", await("/api/v1/reprotections/reprotect-vm-web-01").get("state"));
    assertEquals("PROTECTED", await("/api/v1/recovery-plans/rp-app/reprotection").get("state"));

    int histories = 0;
    int found = 0;
    for (String id : List.of("reprotect-vm-web-01", "reprotect-vm-app-01", "reprotect-vm-app-02")) {
      found +=
          occurrences(
              http.toBlocking()
                  .retrieve(
                      HttpRequest.GET("/api/v1/reprotections/" + id + "/history")
                          .bearerAuth(TOKEN)));
      histories++;
    }
    List<WorkflowExecutionInfo> executions = StackWorkflows.all(temporal);
    for (WorkflowExecutionInfo info : executions) {
      WorkflowExecution e = info.getExecution();
      WorkflowExecutionHistory history = temporal.fetchHistory(e.getWorkflowId(), e.getRunId());
      found += occurrences(history.toJson(false));
      histories++;
    }
    // The capture itself works: a marker logged now is found in both.
    LoggerFactory.getLogger("dev.reprotect.canary").info("capture check CAPTURE-MARKER-{}", 42);
    List<String> lines = new ArrayList<>();
    // Each event also as the JSON log format writes it (REPROTECT_LOG_FORMAT=json): with its MDC.
    LogFormatEncoder json = new LogFormatEncoder();
    json.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
    json.setFormat(LogFormatEncoder.JSON);
    json.start();
    for (ILoggingEvent event : List.copyOf(LOGS.list)) {
      lines.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        lines.add(event.getThrowableProxy().getMessage());
      }
      lines.add(new String(json.encode(event), StandardCharsets.UTF_8));
    }
    String stdout = STDOUT.toString(StandardCharsets.UTF_8);
    int inLogs = lines.stream().mapToInt(CanaryStackTest::occurrences).sum();
    int inStdout = occurrences(stdout);

    System.out.printf(
        "R5 canary: %d histories searched (%d executions), %d log events, %d stdout lines: "
            + "%d occurrences in histories, %d in logs, %d in stdout%n",
        histories,
        executions.size(),
        lines.size(),
        stdout.lines().count(),
        found,
        inLogs,
        inStdout);
    assertTrue(executions.size() >= 6, "executions " + executions.size());
    assertTrue(lines.size() > 10, "log lines captured: " + lines.size());
    assertTrue(lines.stream().anyMatch(l -> l.contains("CAPTURE-MARKER-42")), "log capture works");
    assertTrue(stdout.contains("CAPTURE-MARKER-42"), "stdout capture works");
    assertEquals(0, found, "canary in histories");
    assertEquals(0, inLogs, "canary in log lines");
    assertEquals(0, inStdout, "canary on stdout/stderr");
  }

  /** Writes to two streams. */
  static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
