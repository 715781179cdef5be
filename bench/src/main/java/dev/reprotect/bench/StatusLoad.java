package dev.reprotect.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprotect.reprotect.ReprotectWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * P5's load generator, run as its own JVM (a client process apart from the server it measures): at
 * a fixed rate (open loop), {@code GET} of a reprotection's status over HTTP against the shipped
 * jar, and Temporal's raw {@code QueryWorkflow} of a running bare workflow on the same Temporal
 * server, alternating in blocks; writes both latency lists (ms) as JSON.
 *
 * <pre>
 *   java -cp reprotect-bench.jar dev.reprotect.bench.StatusLoad URL TEMPORAL WORKFLOW_ID RATE SECONDS BLOCK OUT.json
 * </pre>
 *
 * The API token comes from the environment ({@code REPROTECT_API_TOKEN}), never the command line.
 */
public final class StatusLoad {

  private StatusLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println(
          "usage: StatusLoad URL TEMPORAL_TARGET WORKFLOW_ID RATE SECONDS BLOCK_SECONDS OUT.json");
      System.exit(2);
    }
    URI url = URI.create(args[0]);
    String target = args[1];
    String workflowId = args[2];
    int rate = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int block = Integer.parseInt(args[5]);
    Path out = Path.of(args[6]);
    String token = System.getenv("REPROTECT_API_TOKEN");

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest get =
        HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token).GET().build();
    // The API answers a status its query could not read with one synthesized from the execution
    // (state VALIDATING, every step PENDING): counted apart, as degraded answers.
    AtomicInteger degraded = new AtomicInteger();
    Supplier<CompletableFuture<?>> ours =
        () ->
            http.sendAsync(get, HttpResponse.BodyHandlers.ofString())
                .thenApply(
                    r -> {
                      if (r.statusCode() == 200 && r.body().contains("\"state\":\"VALIDATING\"")) {
                        degraded.incrementAndGet();
                        return r;
                      }
                      if (r.statusCode() != 200 || !r.body().contains("WAITING_FOR_AGENT")) {
                        throw new IllegalStateException(
                            "status answered " + r.statusCode() + ": " + r.body());
                      }
                      return r;
                    });
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    QueryWorkflowRequest query =
        QueryWorkflowRequest.newBuilder()
            .setNamespace("default")
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
            .setQuery(WorkflowQuery.newBuilder().setQueryType(ReprotectWorkflow.STATUS_QUERY))
            .build();
    Supplier<CompletableFuture<?>> bare =
        () -> {
          CompletableFuture<Object> answered = new CompletableFuture<>();
          var future = stubs.futureStub().queryWorkflow(query);
          future.addListener(
              () -> {
                try {
                  answered.complete(future.get());
                } catch (Exception e) {
                  answered.completeExceptionally(e);
                }
              },
              Runnable::run);
          return answered;
        };
    try {
      // Warm up both paths (JIT, connections, both workflows in their workers' caches).
      // A call that fails (e.g. a query past its deadline) counts at the time it failed, and is
      // counted.
      List<String> oursFailed = Collections.synchronizedList(new ArrayList<>());
      List<String> bareFailed = Collections.synchronizedList(new ArrayList<>());
      ApiLatency.load(ours, rate, Math.max(1, seconds / 5), oursFailed);
      ApiLatency.load(bare, rate, Math.max(1, seconds / 5), bareFailed);
      System.gc();
      int degradedInWarmUp = degraded.getAndSet(0);
      oursFailed.clear();
      bareFailed.clear();
      List<Double> oursMs = new ArrayList<>();
      List<Double> bareMs = new ArrayList<>();
      for (int done = 0; done < seconds; done += block) {
        int length = Math.min(block, seconds - done);
        oursMs.addAll(ApiLatency.load(ours, rate, length, oursFailed));
        bareMs.addAll(ApiLatency.load(bare, rate, length, bareFailed));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("oursMs", oursMs);
      result.put("bareMs", bareMs);
      result.put("oursDegraded", degraded.get());
      result.put("oursFailed", oursFailed.size());
      result.put("bareFailed", bareFailed.size());
      List<String> first = new ArrayList<>();
      synchronized (oursFailed) {
        oursFailed.stream().limit(1).forEach(f -> first.add("ours: " + f));
      }
      synchronized (bareFailed) {
        bareFailed.stream().limit(1).forEach(f -> first.add("bare: " + f));
      }
      result.put("firstFailures", first);
      result.put("oursDegradedInWarmUp", degradedInWarmUp);
      new ObjectMapper().writeValue(out.toFile(), result);
    } finally {
      stubs.shutdownNow();
    }
    System.exit(0);
  }
}
