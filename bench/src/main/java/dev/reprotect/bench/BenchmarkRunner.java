package dev.reprotect.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The benchmark: P1 … P5, each ours against bare Temporal in the same run (P6: placement against
 * the plan rules; P7: the largest payloads of a 2,000-machine plan), printed as a table on stdout
 * and written as JSON ({@code bench/target/benchmark.json}, or {@code --out FILE}).
 *
 * <pre>
 *   java -jar bench/target/reprotect-bench.jar            # the full sizes (PERFORMANCE.md), on Temporal's dev server
 *   java -jar bench/target/reprotect-bench.jar --quick    # tiny sizes: the smoke test
 *   java -jar bench/target/reprotect-bench.jar --medium   # P1-P5 smaller, for a slow or shared machine
 *   ... --only P2,P4                                      # some rows (P4 needs P2's largest plan: it runs it)
 *   ... --plans 100,1000                                  # other plan sizes for P2 (and P4)
 *   ... --server dev|in-memory|both                       # which Temporal server P1-P5 run on (P7: always dev)
 * </pre>
 */
public final class BenchmarkRunner {

  /** The figure naming the server a row ran on: dev, in-memory, or none (P6). */
  static final String SERVER = "server";

  /** Sizes of one run. */
  record Sizes(
      int p1Warmup,
      int p1Samples,
      List<Integer> p2Plans,
      int p5Seconds,
      int p5Rate,
      int p6Machines,
      int p7Machines) {
    static final Sizes FULL = new Sizes(30, 200, List.of(100, 1_000, 2_000), 30, 100, 2_000, 2_000);

    /**
     * Fewer samples and smaller plans, for a slow or shared machine on the real server; P6 and P7
     * at full size.
     */
    static final Sizes MEDIUM = new Sizes(10, 60, List.of(50, 200), 10, 100, 2_000, 2_000);

    /**
     * Tiny, so the smoke tests stay quick on the dev server too (a real server's round trip costs
     * more).
     */
    static final Sizes QUICK = new Sizes(3, 8, List.of(5, 10), 2, 100, 200, 60);
  }

  private BenchmarkRunner() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean medium = false;
    Path out = Path.of("bench", "target", "benchmark.json");
    String only = "P1,P2,P3,P4,P5,P6,P7,P8";
    List<Integer> plans = null;
    List<Stack.Server> servers = List.of(Stack.Server.DEV);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--medium" -> medium = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--only" -> only = args[++i].toUpperCase(Locale.ROOT);
        case "--plans" ->
            plans = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--server" -> servers = servers(args[++i]);
        default -> {
          System.err.println(
              "usage: BenchmarkRunner [--quick|--medium] [--out FILE] [--only P1,P2,...] [--plans 100,1000,2000]"
                  + " [--server dev|in-memory|both]");
          System.exit(2);
        }
      }
    }
    Sizes sizes = quick ? Sizes.QUICK : medium ? Sizes.MEDIUM : Sizes.FULL;
    if (plans != null) {
      sizes =
          new Sizes(
              sizes.p1Warmup(),
              sizes.p1Samples(),
              plans,
              sizes.p5Seconds(),
              sizes.p5Rate(),
              sizes.p6Machines(),
              sizes.p7Machines());
    }
    List<Row> rows = run(sizes, only, servers, System.out);
    write(rows, out, quick ? "quick" : medium ? "medium" : "full");
    System.out.println("JSON: " + out.toAbsolutePath());
    // The SDK's and Micronaut's pools outlive the stacks by a few seconds; do not wait for them.
    System.exit(0);
  }

  /** The rows on Temporal's dev server (the headline). */
  static List<Row> run(Sizes sizes, String only, PrintStream log) {
    return run(sizes, only, List.of(Stack.Server.DEV), log);
  }

  /**
   * P1-P5 on each server given, in turn (each row labelled with its server); P6 (no server) once;
   * P7 on the dev server (the limits it measures are the real server's). The table lists a row's
   * servers side by side.
   */
  static List<Row> run(Sizes sizes, String only, List<Stack.Server> servers, PrintStream log) {
    List<Row> rows = new ArrayList<>();
    Stack.Server before = Stack.server();
    try {
      for (Stack.Server server : servers) {
        Stack.use(server);
        log.printf(Locale.ROOT, "--- on Temporal's %s ---%n", server.label);
        rows.addAll(onServer(sizes, only, server, log));
      }
    } finally {
      Stack.use(before);
    }
    if (only.contains("P6")) {
      // 2,000 machines over 40 master targets (50 machines a master target, as in P2).
      int machines = sizes.p6Machines();
      rows.add(
          timed(log, "P6", () -> PlacementScale.run(machines, Math.max(2, machines / 50), 7))
              .with(SERVER, "none"));
    }
    if (only.contains("P7")) {
      rows.add(
          timed(log, "P7", () -> PlanPayloads.run(sizes.p7Machines()))
              .with(SERVER, Stack.Server.DEV.id()));
    }
    if (only.contains("P8")) {
      // One protection-watch sweep over as many protected VMs as P6 places.
      rows.add(
          timed(log, "P8", () -> WatchSweep.run(sizes.p6Machines()))
              .with(SERVER, Stack.Server.DEV.id()));
    }
    // Stable: a row's servers stay in the order run.
    rows.sort(java.util.Comparator.comparing(Row::name));
    log.println();
    log.println(table(rows));
    return rows;
  }

  private static List<Row> onServer(
      Sizes sizes, String only, Stack.Server server, PrintStream log) {
    List<Row> rows = new ArrayList<>();
    PlanScale.Result plans = null;
    if (only.contains("P1")) {
      rows.add(timed(log, "P1", () -> PerVmOverhead.run(sizes.p1Warmup(), sizes.p1Samples())));
    }
    if (only.contains("P2") || only.contains("P4")) {
      PlanScale.Result[] holder = new PlanScale.Result[1];
      Row p2 =
          timed(
              log,
              "P2",
              () -> {
                holder[0] = PlanScale.run(sizes.p2Plans());
                return holder[0].row();
              });
      plans = holder[0];
      if (only.contains("P2")) {
        rows.add(p2);
      }
    }
    if (only.contains("P3")) {
      rows.add(timed(log, "P3", Waiting::run));
    }
    if (only.contains("P4")) {
      PlanScale.Result recorded = plans;
      rows.add(timed(log, "P4", () -> Replay.run(recorded)));
    }
    if (only.contains("P5")) {
      rows.add(timed(log, "P5", () -> ApiLatency.run(sizes.p5Seconds(), sizes.p5Rate())));
    }
    rows.forEach(r -> r.with(SERVER, server.id()));
    return rows;
  }

  static List<Stack.Server> servers(String option) {
    return switch (option.toLowerCase(Locale.ROOT)) {
      case "dev" -> List.of(Stack.Server.DEV);
      case "in-memory" -> List.of(Stack.Server.IN_MEMORY);
      case "both" -> List.of(Stack.Server.DEV, Stack.Server.IN_MEMORY);
      default -> throw new IllegalArgumentException("--server dev|in-memory|both, not " + option);
    };
  }

  private static Row timed(PrintStream log, String name, Supplier<Row> measure) {
    log.printf(Locale.ROOT, "%s running...%n", name);
    long t0 = System.nanoTime();
    Row row = measure.get();
    log.printf(
        Locale.ROOT,
        "%s done in %.1f s: %s%n",
        name,
        (System.nanoTime() - t0) / 1e9,
        row.figures());
    return row;
  }

  static String table(List<Row> rows) {
    String[] head = {"row", "server", "measure", "ours", "bare Temporal", "ratio", "target", "met"};
    List<String[]> cells = new ArrayList<>();
    cells.add(head);
    for (Row r : rows) {
      cells.add(
          new String[] {
            r.name(),
            String.valueOf(r.figures().getOrDefault(SERVER, "-")),
            r.measure(),
            r.ours(),
            r.bare(),
            String.format(Locale.ROOT, "%.2fx", r.ratio()),
            r.target(),
            r.met() ? "yes" : "NO"
          });
    }
    int[] width = new int[head.length];
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        width[i] = Math.max(width[i], c[i].length());
      }
    }
    StringBuilder t = new StringBuilder();
    for (int n = 0; n < cells.size(); n++) {
      String[] c = cells.get(n);
      t.append('|');
      for (int i = 0; i < c.length; i++) {
        t.append(' ').append(String.format("%-" + width[i] + "s", c[i])).append(" |");
      }
      t.append('\n');
      if (n == 0) {
        t.append('|');
        for (int w : width) {
          t.append("-".repeat(w + 2)).append('|');
        }
        t.append('\n');
      }
    }
    return t.toString();
  }

  private static void write(List<Row> rows, Path out, String sizes) throws Exception {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("at", Instant.now().toString());
    json.put("sizes", sizes);
    json.put("machine", machine());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("row", r.name());
      m.put("server", r.figures().getOrDefault(SERVER, "-"));
      m.put("measure", r.measure());
      m.put("ours", r.ours());
      m.put("bare", r.bare());
      m.put("ratio", Stats.round(r.ratio(), 3));
      m.put("target", r.target());
      m.put("met", r.met());
      m.put("figures", r.figures());
      list.add(m);
    }
    json.put("rows", list);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return m;
  }
}
