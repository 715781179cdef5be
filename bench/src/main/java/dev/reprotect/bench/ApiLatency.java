package dev.reprotect.bench;

import dev.reprotect.bench.bare.BareActivitiesImpl;
import dev.reprotect.bench.bare.BareReprotectWorkflow;
import dev.reprotect.bench.bare.BareReprotectWorkflowImpl;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.function.Supplier;

/**
 * P5: status-query latency under an open-loop load at a fixed rate. Ours: {@code GET
 * /api/v1/reprotections/{id}} over HTTP (JDK HttpClient) against the embedded default started in
 * this process (deploy's application.yml; Temporal's in-memory server, worker, API), one
 * reprotection running. Bare: {@code WorkflowStub.query} of a running bare workflow on the same
 * server, through the app's own WorkflowClient, at the same rate. Latency runs from each request's
 * scheduled time (no coordinated omission) to its answer. The two loads alternate in 5-second
 * blocks (30 s of each at the full size).
 */
final class ApiLatency {

  static final String TOKEN = "bench-token-not-a-secret";

  private ApiLatency() {}

  static Row run(int seconds, int rate) {
    int temporalPort = Stack.freePort();
    int httpPort = Stack.freePort();
    Map<String, Object> props = Map.of(
        "reprotect.temporal.target", "localhost:" + temporalPort,
        "micronaut.server.port", httpPort,
        "reprotect.api.token", TOKEN,
        // Real-time site: vm-web-01's agent registers after 4 min, so it stays RUNNING throughout.
        "reprotect.site.simulated.time-scale", "1.0");
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
    try (ApplicationContext ctx = server.getApplicationContext()) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://localhost:" + httpPort;
      HttpResponse<String> started = send(http, HttpRequest.newBuilder(URI.create(base + "/api/v1/reprotections"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"replicatedItem\":\"vm-web-01\",\"masterTarget\":\"mt-win-01\","
              + "\"processServer\":\"ps-azure-01\",\"datastore\":\"vmfs-01\",\"retentionDrive\":\"R:\"}")).build());
      if (started.statusCode() != 202) {
        throw new IllegalStateException("start answered " + started.statusCode() + ": " + started.body());
      }
      HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/api/v1/reprotections/reprotect-vm-web-01"))
          .header("Authorization", "Bearer " + TOKEN).GET().build();

      WorkflowClient client = ctx.getBean(WorkflowClient.class);
      WorkerFactory bareWorkers = WorkerFactory.newInstance(client);
      bareWorkers.newWorker("bare", Stack.WORKER_OPTIONS).registerWorkflowImplementationTypes(BareReprotectWorkflowImpl.class);
      bareWorkers.getWorker("bare").registerActivitiesImplementations(new BareActivitiesImpl());
      bareWorkers.start();
      try {
        BareReprotectWorkflow bare = client.newWorkflowStub(BareReprotectWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("bare-status").setTaskQueue("bare").build());
        WorkflowClient.start(bare::run, "bare-status", true);
        BareReprotectWorkflow bareQuery = client.newWorkflowStub(BareReprotectWorkflow.class, "bare-status");
        ExecutorService blocking = Executors.newFixedThreadPool(64);
        try {
          Supplier<CompletableFuture<?>> ours = () -> http.sendAsync(get, HttpResponse.BodyHandlers.ofString())
              .thenApply(r -> {
                if (r.statusCode() != 200 || !r.body().contains("WAITING_FOR_AGENT")) {
                  throw new IllegalStateException("status answered " + r.statusCode() + ": " + r.body());
                }
                return r;
              });
          Supplier<CompletableFuture<?>> bareCall = () -> CompletableFuture.supplyAsync(bareQuery::status, blocking);
          // Warm up both paths (JIT, connections, the workflows in the worker's cache).
          load(ours, rate, Math.max(1, seconds / 5));
          load(bareCall, rate, Math.max(1, seconds / 5));
          // Alternate in blocks of a few seconds, so a pause of the JVM or the machine hits both alike.
          System.gc();
          List<Double> oursMs = new ArrayList<>();
          List<Double> bareMs = new ArrayList<>();
          int block = Math.min(5, seconds);
          for (int done = 0; done < seconds; done += block) {
            int length = Math.min(block, seconds - done);
            oursMs.addAll(load(ours, rate, length));
            bareMs.addAll(load(bareCall, rate, length));
          }
          double p50 = Stats.percentile(oursMs, 50);
          double p99 = Stats.percentile(oursMs, 99);
          double bareP50 = Stats.percentile(bareMs, 50);
          double bareP99 = Stats.percentile(bareMs, 99);
          double ratio = p99 / bareP99;
          return Row.of("P5", Stats.f("status query latency p50/p99, %d/s for %d s (ratio at p99)", rate, seconds),
                  Stats.f("%.1f/%.1f ms", p50, p99), Stats.f("%.1f/%.1f ms", bareP50, bareP99), ratio,
                  "<= 1.5x at p99", ratio <= 1.5)
              .with("oursP50Ms", Stats.round(p50, 2))
              .with("oursP99Ms", Stats.round(p99, 2))
              .with("oursMaxMs", Stats.round(Stats.percentile(oursMs, 100), 2))
              .with("bareP50Ms", Stats.round(bareP50, 2))
              .with("bareP99Ms", Stats.round(bareP99, 2))
              .with("bareMaxMs", Stats.round(Stats.percentile(bareMs, 100), 2))
              .with("p50Ratio", Stats.round(p50 / bareP50, 3))
              .with("requests", oursMs.size())
              .with("bareRequests", bareMs.size());
        } finally {
          blocking.shutdownNow();
          client.newWorkflowStub(BareReprotectWorkflow.class, "bare-status").finish();
        }
      } finally {
        bareWorkers.shutdown();
        bareWorkers.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Open loop: one call every 1/rate s for the given time; each latency from its scheduled time. */
  static List<Double> load(Supplier<CompletableFuture<?>> call, int rate, int seconds) {
    int total = rate * seconds;
    long periodNanos = 1_000_000_000L / rate;
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>(total));
    List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>(total));
    AtomicInteger failures = new AtomicInteger();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long t0 = System.nanoTime();
    AtomicInteger sent = new AtomicInteger();
    try {
      ticker.scheduleAtFixedRate(() -> {
        int k = sent.getAndIncrement();
        if (k >= total) {
          return;
        }
        long intended = t0 + k * periodNanos;
        CompletableFuture<?> f = call.get().whenComplete((r, e) -> {
          if (e != null) {
            failures.incrementAndGet();
          } else {
            latencies.add((System.nanoTime() - intended) / 1e6);
          }
        });
        all.add(f);
      }, 0, periodNanos, TimeUnit.NANOSECONDS);
      while (sent.get() < total) {
        Thread.sleep(5);
      }
      ticker.shutdown();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("load failed: " + e, e);
    } finally {
      ticker.shutdownNow();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + total + " calls failed");
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
