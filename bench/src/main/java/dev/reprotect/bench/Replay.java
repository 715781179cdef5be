package dev.reprotect.bench;

import dev.reprotect.bench.bare.BarePlanWorkflowImpl;
import dev.reprotect.bench.bare.BareReprotectWorkflowImpl;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.watch.ProtectionWatchWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * P4: replay time of every committed history ({@code workflows/src/test/resources/histories/**},
 * from the workflows' test-jar) and of the 2,000-machine plan's parent (every run) recorded in P2,
 * against the bare parent's histories of the same plan. One replaying worker, warmed up first.
 */
final class Replay {

  static final String MARKER = "histories/reprotect/protected-original-vm-web-01.json";

  private Replay() {}

  static Row run(PlanScale.Result plans) {
    Map<String, String> committed = committedHistories();
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    try {
      Worker worker = env.newWorker("replay");
      worker.registerWorkflowImplementationTypes(
          ReprotectWorkflowImpl.class,
          RecoveryPlanWorkflowImpl.class,
          MasterTargetSlotsWorkflowImpl.class,
          ProtectionWatchWorkflowImpl.class,
          BarePlanWorkflowImpl.class,
          BareReprotectWorkflowImpl.class);
      List<WorkflowExecutionHistory> parsed = new ArrayList<>();
      committed.values().forEach(json -> parsed.add(WorkflowExecutionHistory.fromJson(json)));
      for (int warm = 0; warm < 3; warm++) {
        replayAll(worker, parsed);
      }
      double committedMs = replayAll(worker, parsed);
      // The plan's histories: a warm-up replay each, then the measured one.
      replayAll(worker, plans.oursParent());
      replayAll(worker, plans.bareParent());
      double oursMs = replayAll(worker, plans.oursParent());
      double bareMs = replayAll(worker, plans.bareParent());
      double worstRunMs = 0;
      for (WorkflowExecutionHistory h : plans.oursParent()) {
        worstRunMs = Math.max(worstRunMs, replayAll(worker, List.of(h)));
      }
      int machines =
          plans.row().figures().get("sizes") instanceof Map<?, ?> sizes
              ? Integer.parseInt(
                  String.valueOf(new ArrayList<>(sizes.keySet()).get(sizes.size() - 1)))
              : 0;
      int oursEvents = plans.oursParent().stream().mapToInt(h -> h.getEvents().size()).sum();
      int bareEvents = plans.bareParent().stream().mapToInt(h -> h.getEvents().size()).sum();
      double ratio = oursMs / bareMs;
      return Row.of(
              "P4",
              Stats.f(
                  "replay %,d-machine plan parent (%d runs); %d committed: %s",
                  machines, plans.oursParent().size(), committed.size(), Stats.ms(committedMs)),
              Stats.ms(oursMs),
              Stats.ms(bareMs),
              ratio,
              "<= 2 s (plan parent)",
              oursMs <= 2_000)
          .with("committedHistories", committed.keySet())
          .with("committedReplayMs", Stats.round(committedMs, 1))
          .with("planParentReplayMs", Stats.round(oursMs, 1))
          .with("planParentWorstRunReplayMs", Stats.round(worstRunMs, 1))
          .with("planParentEvents", oursEvents)
          .with("bareParentReplayMs", Stats.round(bareMs, 1))
          .with("bareParentEvents", bareEvents);
    } finally {
      env.close();
    }
  }

  private static double replayAll(Worker worker, List<WorkflowExecutionHistory> histories) {
    long t0 = System.nanoTime();
    for (WorkflowExecutionHistory h : histories) {
      try {
        worker.replayWorkflowExecution(h);
      } catch (Exception e) {
        throw new IllegalStateException(
            "replay of " + h.getWorkflowExecution().getWorkflowId() + " failed: " + e, e);
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Every {@code histories/**.json} on the class path (test-jar or shaded jar), by path. */
  static Map<String, String> committedHistories() {
    URL marker = Replay.class.getClassLoader().getResource(MARKER);
    if (marker == null) {
      throw new IllegalStateException(
          MARKER + " is not on the class path (reprotect-workflows test-jar)");
    }
    Map<String, String> found = new TreeMap<>();
    try {
      URI uri = marker.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          collect(fs.getPath("/histories"), found);
        }
      } else {
        collect(Path.of(uri).getParent().getParent(), found);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the committed histories: " + e, e);
    }
    return found;
  }

  private static void collect(Path root, Map<String, String> found) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          found.put(
              root.relativize(p).toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
