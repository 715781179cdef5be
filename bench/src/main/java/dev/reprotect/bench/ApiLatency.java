package dev.reprotect.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprotect.bench.bare.BareActivitiesImpl;
import dev.reprotect.bench.bare.BareReprotectWorkflow;
import dev.reprotect.bench.bare.BareReprotectWorkflowImpl;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * P5: status-query latency under an open-loop load at a fixed rate. Latency runs from each
 * request's scheduled time (no coordinated omission) to its answer. Ours and bare alternate in
 * 5-second blocks (30 s of each at the full size), so a pause of a JVM or the machine hits both
 * alike.
 *
 * <ul>
 *   <li>On the dev server (the headline): the shipped jar ({@link ShippedJar}) runs as a child
 *       process, with Temporal's dev server as its own child, one reprotection running. A separate
 *       client JVM ({@link StatusLoad}) sends ours, {@code GET /api/v1/reprotections/{id}} over
 *       HTTP, and bare, Temporal's raw {@code QueryWorkflow} of a running bare workflow on the same
 *       Temporal server (its worker in this, the benchmark's, JVM). Debian's {@code wrk} then reads
 *       ours sequentially for a few seconds ({@link Wrk}), a second opinion from another client.
 *   <li>On the in-memory server (kept beside, labelled): everything in this JVM, as before: the
 *       embedded default started in-process on Temporal's in-memory server (deploy's
 *       application.yml), the load from this JVM, bare through the app's own WorkflowClient.
 * </ul>
 */
final class ApiLatency {

  static final String TOKEN = "bench-token-not-a-secret";
  static final String BARE_ID = "bare-status";

  /**
   * Real-time site: vm-web-01's agent registers after 4 min, so it stays WAITING_FOR_AGENT
   * throughout.
   */
  static final String START_BODY =
      "{\"replicatedItem\":\"vm-web-01\",\"masterTarget\":\"mt-win-01\","
          + "\"processServer\":\"ps-azure-01\",\"datastore\":\"vmfs-01\",\"retentionDrive\":\"R:\"}";

  static final String STATUS_PATH = "/api/v1/reprotections/reprotect-vm-web-01";

  private ApiLatency() {}

  static Row run(int seconds, int rate) {
    return Stack.server() == Stack.Server.DEV
        ? outOfProcess(seconds, rate)
        : inProcess(seconds, rate);
  }

  /**
   * The shipped jar, a client JVM, and a bare worker here: three processes (four with the dev
   * server).
   */
  static Row outOfProcess(int seconds, int rate) {
    try (ShippedJar jar =
        ShippedJar.start(TOKEN, Map.of("reprotect.site.simulated.time-scale", "1.0"))) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      startReprotection(http, jar.base());
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(jar.temporalTarget()).build());
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      WorkerFactory bareWorkers = startBare(client);
      Path out = Stack.tempDir("reprotect-bench-p5").resolve("latencies.json");
      try {
        List<String> command =
            List.of(
                ShippedJar.javaBinary(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                StatusLoad.class.getName(),
                jar.base() + STATUS_PATH,
                jar.temporalTarget(),
                BARE_ID,
                String.valueOf(rate),
                String.valueOf(seconds),
                String.valueOf(Math.min(5, seconds)),
                out.toString());
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                    ProcessBuilder.Redirect.appendTo(out.resolveSibling("load.log").toFile()));
        builder.environment().put("REPROTECT_API_TOKEN", TOKEN);
        Process load = builder.start();
        if (!load.waitFor(seconds * 3L + 120, TimeUnit.SECONDS) || load.exitValue() != 0) {
          load.destroyForcibly();
          throw new IllegalStateException(
              "the load client failed: "
                  + Files.readString(out.resolveSibling("load.log"), StandardCharsets.UTF_8));
        }
        JsonNode measured = new ObjectMapper().readTree(out.toFile());
        List<Double> oursMs = doubles(measured.get("oursMs"));
        List<Double> bareMs = doubles(measured.get("bareMs"));
        Map<String, Object> wrk =
            Wrk.find(seconds >= 10)
                .map(w -> Wrk.get(w, jar.base() + STATUS_PATH, TOKEN, Math.max(2, seconds / 3)))
                .orElse(Map.of("skipped", "no wrk at /usr/bin/wrk (apt-get install wrk)"));
        return row(
                oursMs,
                bareMs,
                rate,
                seconds,
                "HTTP from a separate client JVM to the shipped jar; raw QueryWorkflow from it")
            .with("oursFailed", measured.path("oursFailed").asInt())
            .with("bareFailed", measured.path("bareFailed").asInt())
            .with("firstFailures", measured.path("firstFailures").toString())
            .with("oursDegradedAnswers", measured.path("oursDegraded").asInt())
            .with("oursDegradedAnswersInWarmUp", measured.path("oursDegradedInWarmUp").asInt())
            .with("wrkOurs", wrk)
            .with(
                "processes",
                "shipped jar (+ its dev server), client JVM, bare worker in the benchmark JVM");
      } finally {
        client.newWorkflowStub(BareReprotectWorkflow.class, BARE_ID).finish();
        bareWorkers.shutdown();
        bareWorkers.awaitTermination(5, TimeUnit.SECONDS);
        stubs.shutdownNow();
        Stack.deleteTree(out.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Everything in this JVM, on Temporal's in-memory server (what P5 measured before the dev
   * server).
   */
  static Row inProcess(int seconds, int rate) {
    int temporalPort = Stack.freePort();
    int httpPort = Stack.freePort();
    Map<String, Object> props =
        Map.of(
            "reprotect.temporal.target",
            "localhost:" + temporalPort,
            "reprotect.temporal.embedded.server",
            "in-memory",
            "micronaut.server.port",
            httpPort,
            "reprotect.api.token",
            TOKEN,
            "reprotect.site.simulated.time-scale",
            "1.0");
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
    try (ApplicationContext ctx = server.getApplicationContext()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://localhost:" + httpPort;
      startReprotection(http, base);
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(base + STATUS_PATH))
              .header("Authorization", "Bearer " + TOKEN)
              .GET()
              .build();

      WorkflowClient client = ctx.getBean(WorkflowClient.class);
      WorkerFactory bareWorkers = startBare(client);
      try {
        BareReprotectWorkflow bareQuery =
            client.newWorkflowStub(BareReprotectWorkflow.class, BARE_ID);
        ExecutorService blocking = Executors.newFixedThreadPool(64);
        try {
          Supplier<CompletableFuture<?>> ours =
              () ->
                  http.sendAsync(get, HttpResponse.BodyHandlers.ofString())
                      .thenApply(
                          r -> {
                            if (r.statusCode() != 200 || !r.body().contains("WAITING_FOR_AGENT")) {
                              throw new IllegalStateException(
                                  "status answered " + r.statusCode() + ": " + r.body());
                            }
                            return r;
                          });
          Supplier<CompletableFuture<?>> bareCall =
              () -> CompletableFuture.supplyAsync(bareQuery::status, blocking);
          // Warm up both paths (JIT, connections, the workflows in the worker's cache).
          load(ours, rate, Math.max(1, seconds / 5));
          load(bareCall, rate, Math.max(1, seconds / 5));
          System.gc();
          List<Double> oursMs = new ArrayList<>();
          List<Double> bareMs = new ArrayList<>();
          int block = Math.min(5, seconds);
          for (int done = 0; done < seconds; done += block) {
            int length = Math.min(block, seconds - done);
            oursMs.addAll(load(ours, rate, length));
            bareMs.addAll(load(bareCall, rate, length));
          }
          return row(
                  oursMs,
                  bareMs,
                  rate,
                  seconds,
                  "all in this JVM; bare: WorkflowStub.query through the app's client")
              .with("processes", "one JVM (in-memory server, worker, API, load, bare)");
        } finally {
          blocking.shutdownNow();
          client.newWorkflowStub(BareReprotectWorkflow.class, BARE_ID).finish();
        }
      } finally {
        bareWorkers.shutdown();
        bareWorkers.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static void startReprotection(HttpClient http, String base) {
    HttpResponse<String> started =
        send(
            http,
            HttpRequest.newBuilder(URI.create(base + "/api/v1/reprotections"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(START_BODY))
                .build());
    if (started.statusCode() != 202) {
      throw new IllegalStateException(
          "start answered " + started.statusCode() + ": " + started.body());
    }
    // Measure the wait, not the first steps: on a loaded machine VALIDATE may take a few seconds.
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(base + STATUS_PATH))
            .header("Authorization", "Bearer " + TOKEN)
            .GET()
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String last = "";
    while (System.nanoTime() < deadline) {
      last = send(http, get).body();
      if (last.contains("WAITING_FOR_AGENT")) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "vm-web-01 did not reach WAITING_FOR_AGENT within 120 s: " + last);
  }

  /** A bare workflow that runs until signalled, its worker on its own task queue. */
  private static WorkerFactory startBare(WorkflowClient client) {
    WorkerFactory bareWorkers = WorkerFactory.newInstance(client);
    bareWorkers
        .newWorker("bare", Stack.WORKER_OPTIONS)
        .registerWorkflowImplementationTypes(BareReprotectWorkflowImpl.class);
    bareWorkers.getWorker("bare").registerActivitiesImplementations(new BareActivitiesImpl());
    bareWorkers.start();
    BareReprotectWorkflow bare =
        client.newWorkflowStub(
            BareReprotectWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(BARE_ID).setTaskQueue("bare").build());
    WorkflowClient.start(bare::run, BARE_ID, true);
    return bareWorkers;
  }

  private static Row row(
      List<Double> oursMs, List<Double> bareMs, int rate, int seconds, String how) {
    double p50 = Stats.percentile(oursMs, 50);
    double p99 = Stats.percentile(oursMs, 99);
    double bareP50 = Stats.percentile(bareMs, 50);
    double bareP99 = Stats.percentile(bareMs, 99);
    double ratio = p99 / bareP99;
    return Row.of(
            "P5",
            Stats.f("status query latency p50/p99, %d/s for %d s (ratio at p99)", rate, seconds),
            Stats.f("%.1f/%.1f ms", p50, p99),
            Stats.f("%.1f/%.1f ms", bareP50, bareP99),
            ratio,
            "<= 1.5x at p99",
            ratio <= 1.5)
        .with("how", how)
        .with("oursP50Ms", Stats.round(p50, 2))
        .with("oursP99Ms", Stats.round(p99, 2))
        .with("oursMaxMs", Stats.round(Stats.percentile(oursMs, 100), 2))
        .with("bareP50Ms", Stats.round(bareP50, 2))
        .with("bareP99Ms", Stats.round(bareP99, 2))
        .with("bareMaxMs", Stats.round(Stats.percentile(bareMs, 100), 2))
        .with("p50Ratio", Stats.round(p50 / bareP50, 3))
        .with("requests", oursMs.size())
        .with("bareRequests", bareMs.size());
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asDouble()));
    return values;
  }

  /**
   * Open loop: one call every 1/rate s for the given time; each latency from its scheduled time.
   * Any failure throws.
   */
  static List<Double> load(Supplier<CompletableFuture<?>> call, int rate, int seconds) {
    return load(call, rate, seconds, null);
  }

  /**
   * As {@link #load(Supplier, int, int)}; with {@code failed} given, a failed call does not throw:
   * its latency (until it failed) goes into the list returned as well, and its error into {@code
   * failed}.
   */
  static List<Double> load(
      Supplier<CompletableFuture<?>> call, int rate, int seconds, List<String> failed) {
    int total = rate * seconds;
    long periodNanos = 1_000_000_000L / rate;
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>(total));
    List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>(total));
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long t0 = System.nanoTime();
    AtomicInteger sent = new AtomicInteger();
    try {
      ticker.scheduleAtFixedRate(
          () -> {
            int k = sent.getAndIncrement();
            if (k >= total) {
              return;
            }
            long intended = t0 + k * periodNanos;
            CompletableFuture<?> f =
                call.get()
                    .whenComplete(
                        (r, e) -> {
                          if (e != null) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                            if (failed != null) {
                              failed.add(String.valueOf(e.getCause() != null ? e.getCause() : e));
                              latencies.add((System.nanoTime() - intended) / 1e6);
                            }
                          } else {
                            latencies.add((System.nanoTime() - intended) / 1e6);
                          }
                        });
            all.add(f);
          },
          0,
          periodNanos,
          TimeUnit.NANOSECONDS);
      while (sent.get() < total) {
        Thread.sleep(5);
      }
      ticker.shutdown();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .exceptionally(e -> null)
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("load failed: " + e, e);
    } finally {
      ticker.shutdownNow();
    }
    if (failures.get() > 0 && failed == null) {
      throw new IllegalStateException(
          failures.get() + " of " + total + " calls failed, the first: " + firstFailure.get(),
          firstFailure.get());
    }
    return new ArrayList<>(latencies);
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
