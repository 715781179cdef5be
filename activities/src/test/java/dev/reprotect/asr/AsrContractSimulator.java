package dev.reprotect.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local contract simulator of Azure Site Recovery's REST API (Microsoft.RecoveryServices) for the
 * adapter's tests: NOT Azure. It serves the resources as the published specification
 * (Azure/azure-rest-api-specs, specification/recoveryservicessiterecovery, stable/2025-08-01
 * service.json and its examples) shapes them, honest to that model rather than to the adapter's
 * convenience:
 *
 * <ul>
 *   <li>ids as the service writes them ({@code /Subscriptions/...}), paths matched
 *       case-insensitively, {@code api-version} required (400 MissingApiVersionParameter
 *       otherwise), a bearer token required (401 InvalidAuthenticationToken otherwise);
 *   <li>the VMware fabric with VMwareDetails (configuration server heartbeat, processServers[],
 *       masterTargetServers[] with retentionVolumes and dataStores, runAsAccounts), its
 *       replicationvCenters, replicationPolicies (the failback InMage one and a forward
 *       InMageAzureV2 one with the same numbers), replicationRecoveryPlans, protectable items and
 *       the replica VMs (Microsoft.Compute); migration items listed vault-wide (VMwareCbt, under
 *       Azure Migrate's own fabric, paged);
 *   <li>replicated items that go FailedOver (InMageAzureV2, allowedOperations with
 *       ReverseReplicate) → reprotect job running (currentScenario Reprotect) → Protected (InMage:
 *       no targetVmId, resyncDetails.initialReplicationProgressPercentage a string) with resync
 *       progress rising per disk until protected; an item whose failover still waits for its
 *       commit;
 *   <li>jobs in every state of JobProperties.state: NotStarted (queued), InProgress, Succeeded,
 *       Failed, Cancelled, Suspended and Other, their tasks likewise;
 *   <li>{@code reProtect} and {@code remove} answer 202 with Azure-AsyncOperation ({@code
 *       replicationOperationStatus/{id}}), Location ({@code
 *       replicationJobs/{job}/operationresults/{id}}) and Retry-After, or a 202 with no header at
 *       all (the specification declares none); the job's tasks progress over time; a bad input is a
 *       400 with an ASR error body (code, message, possibleCauses, recommendedAction);
 *   <li>injected faults: 429 with Retry-After, 5xx (also after the service acted), 401, and
 *       reprotect jobs that fail at a task with serviceErrorDetails;
 *   <li>a vault of the modernized stack ({@link #withModernizedSample()}): an InMageRcm fabric
 *       (processServers[], reprotectAgents[], no master targets), items InMageRcm and
 *       InMageRcmFailback.
 * </ul>
 *
 * Time is real (scaled by the options): tests choose short task and resync durations.
 */
public final class AsrContractSimulator implements AutoCloseable {

  public static final String SUBSCRIPTION = "6f1c5a2e-0d3b-4c1a-9e5f-2b7d8c9a0e11";
  public static final String RESOURCE_GROUP = "rg-dr";
  public static final String VAULT = "vault-dr";
  public static final String FABRIC = "cs-01-fabric";
  public static final String CONTAINER = "cloud_cs-01";
  public static final String POLICY = "failback-policy";

  /** The forward policy (VMware to Azure, InMageAzureV2), with the failback policy's numbers. */
  public static final String FORWARD_POLICY = "vmware-to-azure";

  public static final String API_VERSION = "2025-08-01";

  /**
   * Azure Migrate's fabric and container, where migration items live (not the configuration
   * server's).
   */
  static final String MIGRATE_FABRIC = "migrate-vmware-fabric";

  static final String MIGRATE_CONTAINER = "migrate-vmware-container";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The reprotect job's tasks for a VMware VM failing back (names as the portal shows them). */
  static final List<String> REPROTECT_TASKS =
      List.of(
          "Prerequisites check for reprotect",
          "Prepare the master target server",
          "Start replication back to VMware",
          "Update the protection state");

  static final List<String> DISABLE_TASKS =
      List.of("Disable replication", "Clean up the replicated item");

  /** Timing of the simulated service. */
  public record Options(Duration taskDuration, Duration resyncDuration, int retryAfterSeconds) {
    public static Options fast() {
      return new Options(Duration.ofMillis(150), Duration.ofMillis(1500), 0);
    }
  }

  /** A disk of a replicated item. */
  public record Disk(String name, String id, long sizeBytes) {}

  /**
   * A replicated item to serve.
   *
   * @param agentAfter how long after the simulator starts the replica's agent reports; null: never
   * @param failedOver false: still replicating from on-premises (not failed over)
   */
  public record ItemSpec(
      String name,
      String osType,
      String osVersion,
      String vcenter,
      List<Disk> disks,
      String multiVmGroup,
      String recoveryPlan,
      Duration agentAfter,
      boolean failedOver) {}

  /** An error Site Recovery reports (ServiceError). */
  public record ServiceError(
      String code, String message, String possibleCauses, String recommendedAction) {}

  /** One request as received (the token is never kept). */
  public record Request(String method, String path, long atNanos, int status) {}

  private record Fault(
      String method,
      String pathContains,
      int status,
      Integer retryAfter,
      ServiceError error,
      int[] left,
      boolean afterActing) {}

  private enum Phase {
    FAILED_OVER,
    REPROTECTING,
    PROTECTED,
    DISABLING,
    REMOVED
  }

  private static final class Item {
    final ItemSpec spec;
    Phase phase;
    String jobName;
    long resyncStart;
    String masterTargetId;
    String processServerId;
    ServiceError reprotectFault;
    int faultAtTask;
    String stopState;
    int stopAtTask;
    Duration queued = Duration.ZERO;
    boolean commitPending;
    boolean inConfigServer = true;
    boolean vmPresent = true;

    Item(ItemSpec spec) {
      this.spec = spec;
      this.phase = Phase.FAILED_OVER;
    }
  }

  private static final class Job {
    final String name;
    final String scenario;
    final String item;
    final List<String> tasks;
    final long started;
    final Instant startedAt;
    final ServiceError fault;
    final int faultAt;

    /** Cancelled, Suspended or Other at task {@code stopAt}; null: runs to its end. */
    final String stopState;

    final int stopAt;

    /** How long the job stays NotStarted before its first task begins. */
    final long queuedNanos;

    boolean applied;

    Job(
        String name,
        String scenario,
        String item,
        List<String> tasks,
        ServiceError fault,
        int faultAt) {
      this(name, scenario, item, tasks, fault, faultAt, null, 0, Duration.ZERO);
    }

    Job(
        String name,
        String scenario,
        String item,
        List<String> tasks,
        ServiceError fault,
        int faultAt,
        String stopState,
        int stopAt,
        Duration queued) {
      this.name = name;
      this.scenario = scenario;
      this.item = item;
      this.tasks = tasks;
      this.started = System.nanoTime();
      this.startedAt = Instant.now();
      this.fault = fault;
      this.faultAt = faultAt;
      this.stopState = stopState;
      this.stopAt = stopAt;
      this.queuedNanos = queued.toNanos();
    }
  }

  private final HttpServer server;
  private final Options options;
  private final long startNanos = System.nanoTime();
  private final Instant startedAt = Instant.now();
  private final Map<String, Item> items = new LinkedHashMap<>();
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, String> operations = new LinkedHashMap<>();
  private final Map<String, String> processServers = new LinkedHashMap<>(); // name -> id
  private final Set<String> staleProcessServers = new TreeSet<>();
  private final Map<String, List<String>> masterTargets =
      new LinkedHashMap<>(); // name -> retention volumes
  private final Set<String> migrated = new TreeSet<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> datastores = List.of("vmfs-01", "vsan-01", "nfs-01", "LocalDS_0");
  private volatile String acceptedToken;
  private volatile boolean configServerUp = true;
  private volatile int pageSize = 50;
  private volatile Duration failedOverAgo = Duration.ofMinutes(5);
  private volatile boolean operationHeaders = true;
  private volatile boolean modernized;

  private AsrContractSimulator(Options options, String acceptedToken) throws IOException {
    this.options = options;
    this.acceptedToken = acceptedToken;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "asr-contract-simulator");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  /** A simulator accepting this bearer token, with no items yet. */
  public static AsrContractSimulator start(Options options, String acceptedToken) {
    try {
      return new AsrContractSimulator(options, acceptedToken);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The same estate as the sample inventory's Azure side: process servers ps-azure-01 and
   * ps-onprem-01 (reporting) and ps-azure-02 (no heartbeat); master targets mt-win-01 (R:) and
   * mt-lnx-01 (/mnt/retention); items vm-web-01, vm-db-01, vm-old-01, vm-app-01/02 (group rg-app,
   * plan rp-app), vm-azure-native (never failed over), vm-slow-agent-01 (agent never reports) and
   * the migration item vm-migrated-01.
   */
  public AsrContractSimulator withSample() {
    processServer("ps-azure-01", true);
    processServer("ps-onprem-01", true);
    processServer("ps-azure-02", false);
    masterTarget("mt-win-01", List.of("R:", "S:", "T:"));
    masterTarget("mt-lnx-01", List.of("/mnt/retention"));
    long gib = 1L << 30;
    add(
        new ItemSpec(
            "vm-web-01",
            "Windows",
            "Windows Server 2019",
            "vc-01",
            List.of(
                new Disk("vm-web-01_0", "disk-web-0", 80 * gib),
                new Disk("vm-web-01_1", "disk-web-1", 200 * gib)),
            null,
            null,
            Duration.ZERO,
            true));
    add(
        new ItemSpec(
            "vm-db-01",
            "Linux",
            "Ubuntu 22.04",
            "vc-01",
            List.of(
                new Disk("vm-db-01_0", "disk-db-0", 40 * gib),
                new Disk("vm-db-01_1", "disk-db-1", 500 * gib)),
            null,
            null,
            Duration.ZERO,
            true));
    add(
        new ItemSpec(
            "vm-old-01",
            "Windows",
            "Windows Server 2016",
            "vc-01",
            List.of(
                new Disk("vm-old-01_0", "disk-old-0", 60 * gib),
                new Disk("vm-old-01_1", "disk-old-1", 100 * gib)),
            null,
            null,
            Duration.ZERO,
            true));
    add(
        new ItemSpec(
            "vm-app-01",
            "Windows",
            "Windows Server 2019",
            "vc-01",
            List.of(new Disk("vm-app-01_0", "disk-app1-0", 60 * gib)),
            "rg-app",
            "rp-app",
            Duration.ZERO,
            true));
    add(
        new ItemSpec(
            "vm-app-02",
            "Windows",
            "Windows Server 2019",
            "vc-01",
            List.of(new Disk("vm-app-02_0", "disk-app2-0", 60 * gib)),
            "rg-app",
            "rp-app",
            Duration.ZERO,
            true));
    add(
        new ItemSpec(
            "vm-azure-native",
            "Windows",
            "Windows Server 2022",
            "vc-01",
            List.of(new Disk("vm-azure-native_0", "disk-native-0", 128 * gib)),
            null,
            null,
            Duration.ZERO,
            false));
    add(
        new ItemSpec(
            "vm-slow-agent-01",
            "Windows",
            "Windows Server 2019",
            "vc-01",
            List.of(new Disk("vm-slow-agent-01_0", "disk-slow-0", 60 * gib)),
            null,
            null,
            null,
            true));
    migrated.add("vm-migrated-01");
    return this;
  }

  /**
   * A vault set up with the modernized VMware experience instead: an InMageRcm fabric (an
   * appliance's process server and a reprotect agent, no configuration server heartbeat, no master
   * targets), vm-web-01 failed over (InMageRcm details) and vm-rcm-fb-01 reprotected already
   * (InMageRcmFailback details).
   */
  public AsrContractSimulator withModernizedSample() {
    modernized = true;
    processServer("appliance-01", true);
    long gib = 1L << 30;
    add(
        new ItemSpec(
            "vm-web-01",
            "Windows",
            "Windows Server 2019",
            "vc-01",
            List.of(new Disk("vm-web-01_0", "disk-web-0", 80 * gib)),
            null,
            null,
            Duration.ZERO,
            true));
    add(
        new ItemSpec(
            "vm-rcm-fb-01",
            "Linux",
            "Ubuntu 22.04",
            "vc-01",
            List.of(new Disk("vm-rcm-fb-01_0", "disk-fb-0", 40 * gib)),
            null,
            null,
            Duration.ZERO,
            true));
    item("vm-rcm-fb-01").phase = Phase.PROTECTED;
    return this;
  }

  // ---- Arranging the estate and its faults. ----

  public synchronized void add(ItemSpec spec) {
    items.put(spec.name().toLowerCase(Locale.ROOT), new Item(spec));
  }

  public synchronized void processServer(String name, boolean heartbeat) {
    processServers.put(
        name, UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    if (heartbeat) {
      staleProcessServers.remove(name);
    } else {
      staleProcessServers.add(name);
    }
  }

  public synchronized void masterTarget(String name, List<String> retentionVolumes) {
    masterTargets.put(name, List.copyOf(retentionVolumes));
  }

  public void configServerUp(boolean up) {
    configServerUp = up;
  }

  public void acceptToken(String token) {
    acceptedToken = token;
  }

  /** How long before the simulator started the items failed over (lastSuccessfulFailoverTime). */
  public void failedOverAgo(Duration ago) {
    failedOverAgo = ago;
  }

  public void pageSize(int size) {
    pageSize = size;
  }

  /** A machine Azure Migrate migrated (a VMwareCbt migration item of the vault). */
  public synchronized void migratedMachine(String machine) {
    migrated.add(machine);
  }

  public synchronized void notInConfigServer(String item) {
    item(item).inConfigServer = false;
  }

  /** The replica VM is no longer where Site Recovery failed it over to (moved or deleted). */
  public synchronized void vmMoved(String item) {
    item(item).vmPresent = false;
  }

  /** The next reprotect of the item fails at task {@code atTask} with this error. */
  public synchronized void failReprotect(String item, int atTask, ServiceError error) {
    Item i = item(item);
    i.reprotectFault = error;
    i.faultAtTask = atTask;
  }

  /** The next {@code count} requests whose path contains {@code pathContains} get this status. */
  public synchronized void fault(
      String method,
      String pathContains,
      int status,
      Integer retryAfterSeconds,
      ServiceError error,
      int count) {
    faults.add(
        new Fault(
            method,
            pathContains.toLowerCase(Locale.ROOT),
            status,
            retryAfterSeconds,
            error,
            new int[] {count},
            false));
  }

  /**
   * The next {@code count} such requests are carried out, then answered with this status (a 5xx
   * from a gateway after the service took the request).
   */
  public synchronized void faultAfterActing(
      String method, String pathContains, int status, int count) {
    faults.add(
        new Fault(
            method,
            pathContains.toLowerCase(Locale.ROOT),
            status,
            null,
            new ServiceError(
                "InternalServerError", "The server encountered an internal error.", null, null),
            new int[] {count},
            true));
  }

  /**
   * The next reprotect job of the item stops at task {@code atTask} in this state: Cancelled,
   * Suspended or Other.
   */
  public synchronized void stopReprotect(String item, int atTask, String state) {
    Item i = item(item);
    i.stopState = state;
    i.stopAtTask = atTask;
  }

  /** The next reprotect job of the item stays NotStarted (queued) this long before it begins. */
  public synchronized void queueReprotect(String item, Duration queued) {
    item(item).queued = queued;
  }

  /** The item's unplanned failover waits for its commit: Site Recovery allows no reprotect yet. */
  public synchronized void commitPending(String item) {
    item(item).commitPending = true;
  }

  /** Whether reProtect and remove answer 202 with operation headers (true) or with none at all. */
  public void operationHeaders(boolean send) {
    operationHeaders = send;
  }

  /** How many reProtect POSTs the item received. */
  public long reprotectPosts(String item) {
    return posts(item, "reprotect");
  }

  /** How many remove (disable protection) POSTs the item received. */
  public long removePosts(String item) {
    return posts(item, "remove");
  }

  private long posts(String item, String action) {
    return requests.stream()
        .filter(
            r ->
                r.method().equals("POST")
                    && r.path()
                        .toLowerCase(Locale.ROOT)
                        .endsWith(
                            "/replicationprotecteditems/"
                                + item.toLowerCase(Locale.ROOT)
                                + "/"
                                + action))
        .count();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Protection state and phase of an item as the service holds it, e.g. "Protected". */
  public synchronized String protectionState(String item) {
    Item i = items.get(item.toLowerCase(Locale.ROOT));
    advance();
    return i == null || i.phase == Phase.REMOVED ? null : protectionState(i);
  }

  /** How many reprotect jobs were started for the item. */
  public synchronized long reprotectJobs(String item) {
    return jobs.values().stream()
        .filter(j -> j.scenario.equals("Reprotect") && j.item.equalsIgnoreCase(item))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private Item item(String name) {
    Item i = items.get(name.toLowerCase(Locale.ROOT));
    if (i == null) {
      throw new IllegalArgumentException("no item " + name);
    }
    return i;
  }

  // ---- HTTP. ----

  private static final Pattern VAULT_PATH =
      Pattern.compile(
          "/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/microsoft\\.recoveryservices/vaults/([^/]+)(/.*)?");
  private static final Pattern VM_PATH =
      Pattern.compile(
          "/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/microsoft\\.compute/virtualmachines/([^/]+)");

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    long at = System.nanoTime();
    Reply reply;
    try {
      reply = reply(exchange);
    } catch (RuntimeException bug) {
      reply = error(500, new ServiceError("InternalServerError", "simulator: " + bug, null, null));
    }
    // Recorded before the answer leaves, so a client that has its answer finds its request here.
    requests.add(new Request(exchange.getRequestMethod(), path, at, reply.status));
    try {
      send(exchange, reply);
    } finally {
      exchange.close();
    }
  }

  private record Reply(int status, JsonNode body, Map<String, String> headers) {}

  private Reply reply(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath().toLowerCase(Locale.ROOT);
    String query = exchange.getRequestURI().getQuery();
    byte[] raw = exchange.getRequestBody().readAllBytes();
    Fault afterActing = null;
    synchronized (this) {
      for (Fault f : faults) {
        if (f.left[0] > 0 && f.method.equalsIgnoreCase(method) && path.contains(f.pathContains)) {
          f.left[0]--;
          if (f.afterActing) {
            afterActing = f;
            break;
          }
          Map<String, String> headers =
              f.retryAfter == null ? Map.of() : Map.of("Retry-After", String.valueOf(f.retryAfter));
          return new Reply(f.status, errorBody(f.error), headers);
        }
      }
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Bearer " + acceptedToken)) {
      return error(
          401,
          new ServiceError(
              "InvalidAuthenticationToken", "The access token is invalid.", null, null));
    }
    if (query == null || !query.contains("api-version=")) {
      return error(
          400,
          new ServiceError(
              "MissingApiVersionParameter",
              "The api-version query parameter (?api-version=) is required for all requests.",
              null,
              null));
    }
    Matcher vm = VM_PATH.matcher(path);
    if (vm.matches()) {
      synchronized (this) {
        Item i = items.get(vm.group(3));
        return i != null && i.vmPresent
            ? ok(vmJson(i))
            : notFound("virtualMachines/" + vm.group(3));
      }
    }
    Matcher m = VAULT_PATH.matcher(path);
    if (!m.matches()
        || !m.group(1).equals(SUBSCRIPTION.toLowerCase(Locale.ROOT))
        || !m.group(2).equals(RESOURCE_GROUP.toLowerCase(Locale.ROOT))
        || !m.group(3).equals(VAULT.toLowerCase(Locale.ROOT))) {
      return error(
          404,
          new ServiceError(
              "ResourceNotFound", "The Resource under " + path + " was not found.", null, null));
    }
    String rest = m.group(4) == null ? "" : m.group(4);
    JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
    synchronized (this) {
      advance();
      Reply done = route(method, rest, query, body);
      return afterActing == null
          ? done
          : new Reply(afterActing.status, errorBody(afterActing.error), Map.of());
    }
  }

  private Reply route(String method, String rest, String query, JsonNode body) {
    String fabric = "/replicationfabrics/" + FABRIC.toLowerCase(Locale.ROOT);
    String container =
        fabric + "/replicationprotectioncontainers/" + CONTAINER.toLowerCase(Locale.ROOT);
    String[] seg = rest.split("/");
    if (method.equals("GET")) {
      if (rest.equals(fabric)) {
        return ok(fabricJson());
      }
      if (rest.equals(fabric + "/replicationvcenters")) {
        ObjectNode vc = JSON.createObjectNode();
        vc.put("id", vaultId() + "/replicationFabrics/" + FABRIC + "/replicationvCenters/vc-01");
        vc.put("name", "vc-01");
        ObjectNode p = vc.putObject("properties");
        p.put("friendlyName", "vc-01");
        p.put("infrastructureId", "infra-vc-01");
        p.put("discoveryStatus", "Connected");
        p.put("lastHeartbeat", Instant.now().minusSeconds(60).toString());
        return ok(list(List.of(vc), null));
      }
      if (rest.equals(container + "/replicationprotecteditems")) {
        return listItems(query);
      }
      if (rest.startsWith(container + "/replicationprotecteditems/") && seg.length == 7) {
        Item i = items.get(seg[6]);
        return i == null || i.phase == Phase.REMOVED
            ? notFound("replicationProtectedItems/" + seg[6])
            : ok(itemJson(i));
      }
      if (rest.equals("/replicationmigrationitems")) {
        return listMigrationItems(query);
      }
      if (rest.startsWith(container + "/replicationprotectableitems/") && seg.length == 7) {
        Item i = items.get(seg[6]);
        return i != null && i.inConfigServer
            ? ok(protectableJson(i))
            : notFound("replicationProtectableItems/" + seg[6]);
      }
      if (rest.startsWith("/replicationpolicies/") && seg.length == 3) {
        return seg[2].equals(POLICY.toLowerCase(Locale.ROOT))
            ? ok(policyJson(POLICY, "InMage"))
            : seg[2].equals(FORWARD_POLICY.toLowerCase(Locale.ROOT))
                ? ok(policyJson(FORWARD_POLICY, "InMageAzureV2"))
                : notFound("replicationPolicies/" + seg[2]);
      }
      if (rest.equals("/replicationrecoveryplans")) {
        return ok(list(recoveryPlans(), null));
      }
      if (rest.startsWith("/replicationoperationstatus/") && seg.length == 3) {
        String jobName = operations.get(seg[2]);
        return jobName == null
            ? notFound("replicationOperationStatus/" + seg[2])
            : ok(operationJson(seg[2], jobs.get(jobName)));
      }
      if (rest.startsWith("/replicationjobs/")
          && seg.length == 5
          && seg[3].equals("operationresults")) {
        Job job = jobs.get(seg[2]);
        if (job == null) {
          return notFound("replicationJobs/" + seg[2]);
        }
        String state = jobState(job);
        return state.equals("Succeeded")
            ? new Reply(204, null, Map.of())
            : state.equals("Failed")
                ? error(400, job.fault)
                : state.equals("Cancelled")
                    ? error(
                        400,
                        new ServiceError("OperationCanceled", "The job was cancelled.", null, null))
                    : new Reply(
                        202,
                        null,
                        Map.of("Retry-After", String.valueOf(options.retryAfterSeconds())));
      }
      if (rest.startsWith("/replicationjobs/") && seg.length == 3) {
        Job job = jobs.get(seg[2]);
        return job == null ? notFound("replicationJobs/" + seg[2]) : ok(jobJson(job));
      }
    }
    if (method.equals("POST")
        && rest.startsWith(container + "/replicationprotecteditems/")
        && seg.length == 8) {
      Item i = items.get(seg[6]);
      if (i == null || i.phase == Phase.REMOVED) {
        return notFound("replicationProtectedItems/" + seg[6]);
      }
      if (seg[7].equals("reprotect")) {
        return reprotect(i, body);
      }
      if (seg[7].equals("remove")) {
        return disable(i);
      }
    }
    return error(
        404, new ServiceError("NotFound", "No route for " + method + " " + rest, null, null));
  }

  /** A page of items; more pages through nextLink ($skipToken), as ARM lists do. */
  private Reply listItems(String query) {
    Matcher skipToken =
        Pattern.compile("\\$skiptoken=(\\d+)", Pattern.CASE_INSENSITIVE).matcher(query);
    int skip = skipToken.find() ? Integer.parseInt(skipToken.group(1)) : 0;
    List<JsonNode> all =
        items.values().stream()
            .filter(i -> i.phase != Phase.REMOVED)
            .map(i -> (JsonNode) itemJson(i))
            .toList();
    List<JsonNode> page =
        all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + pageSize));
    String next =
        skip + pageSize < all.size()
            ? endpoint()
                + vaultId()
                + "/replicationFabrics/"
                + FABRIC
                + "/replicationProtectionContainers/"
                + CONTAINER
                + "/replicationProtectedItems?api-version="
                + API_VERSION
                + "&$skipToken="
                + (skip + pageSize)
            : null;
    return ok(list(page, next));
  }

  /** Migration items of the whole vault, paged like the protected items. */
  private Reply listMigrationItems(String query) {
    Matcher skipToken =
        Pattern.compile("\\$skiptoken=(\\d+)", Pattern.CASE_INSENSITIVE).matcher(query);
    int skip = skipToken.find() ? Integer.parseInt(skipToken.group(1)) : 0;
    List<JsonNode> all = migrated.stream().map(n -> (JsonNode) migrationJson(n)).toList();
    List<JsonNode> page =
        all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + pageSize));
    String next =
        skip + pageSize < all.size()
            ? endpoint()
                + vaultId()
                + "/replicationMigrationItems?api-version="
                + API_VERSION
                + "&$skipToken="
                + (skip + pageSize)
            : null;
    return ok(list(page, next));
  }

  // ---- Actions. ----

  private Reply reprotect(Item i, JsonNode body) {
    JsonNode p = body == null ? null : body.path("properties");
    JsonNode d = p == null ? null : p.path("providerSpecificDetails");
    if (p == null
        || !"RecoveryToPrimary".equals(p.path("failoverDirection").asText())
        || !"InMage".equals(d.path("instanceType").asText())) {
      return error(
          400,
          new ServiceError(
              "InvalidParameter",
              "Reprotect of a VMware virtual machine failed over to Azure needs failoverDirection RecoveryToPrimary and"
                  + " InMage provider details.",
              null,
              "Retry the operation with valid inputs."));
    }
    if (i.phase != Phase.FAILED_OVER || i.commitPending) {
      return error(
          400,
          new ServiceError(
              "539",
              "The operation ReProtect is not allowed for the replicated item "
                  + i.spec.name()
                  + " in its current state.",
              "The item is not failed over, or another operation is in progress on it.",
              "Wait for the running operation to complete, then retry."));
    }
    if (!i.spec.failedOver()) {
      return error(
          400,
          new ServiceError(
              "539",
              "The operation ReProtect is not allowed for " + i.spec.name() + ".",
              "The virtual machine has not failed over to Azure.",
              "Fail over the virtual machine before reprotecting it."));
    }
    String mtId = d.path("masterTargetId").asText(null);
    String mtName =
        masterTargets.keySet().stream().filter(n -> id(n).equals(mtId)).findFirst().orElse(null);
    if (mtName == null) {
      return error(
          400,
          new ServiceError(
              "78040",
              "The master target server " + mtId + " is not registered.",
              "The master target server is not registered with the configuration server.",
              "Register the master target server with the configuration server and retry."));
    }
    if (!processServers.containsValue(d.path("processServerId").asText())) {
      return error(
          400,
          new ServiceError(
              "78041",
              "The process server " + d.path("processServerId").asText() + " is not registered.",
              "The process server has no heartbeat with the configuration server.",
              "Check the process server's connectivity to the configuration server on port 443."));
    }
    String retention = d.path("retentionDrive").asText(null);
    if (!masterTargets.get(mtName).contains(retention)) {
      return error(
          400,
          new ServiceError(
              "78045",
              "The retention drive "
                  + retention
                  + " is not available on master target "
                  + mtName
                  + ".",
              "The retention volume is not formatted, is in use, or is not yet discovered.",
              "Add and format a new retention drive on the master target, then refresh the configuration server."));
    }
    if (!datastores.contains(d.path("datastoreName").asText(null))) {
      return error(
          400,
          new ServiceError(
              "78046",
              "The datastore "
                  + d.path("datastoreName").asText(null)
                  + " is not accessible from the master target's ESXi host.",
              "The datastore is not mounted on the host.",
              "Mount the datastore read/write on the master target's ESXi host."));
    }
    if (!policyId().equalsIgnoreCase(d.path("profileId").asText(""))) {
      return error(
          400,
          new ServiceError(
              "InvalidPolicy",
              "The replication policy "
                  + d.path("profileId").asText()
                  + " is not an InMage failback policy of this vault.",
              null,
              "Use the vault's failback policy."));
    }
    i.masterTargetId = mtId;
    i.processServerId = d.path("processServerId").asText();
    Job job =
        new Job(
            UUID.randomUUID().toString(),
            "Reprotect",
            i.spec.name(),
            REPROTECT_TASKS,
            i.reprotectFault,
            i.faultAtTask,
            i.stopState,
            i.stopAtTask,
            i.queued);
    i.reprotectFault = null;
    i.stopState = null;
    i.queued = Duration.ZERO;
    i.phase = Phase.REPROTECTING;
    i.jobName = job.name;
    return accepted(job);
  }

  private Reply disable(Item i) {
    if (i.phase == Phase.REPROTECTING || i.phase == Phase.DISABLING) {
      return error(
          400,
          new ServiceError(
              "539",
              "The operation DisableProtection is not allowed now for " + i.spec.name() + ".",
              "Another operation is in progress on the item.",
              "Wait for it to complete, then retry."));
    }
    Job job =
        new Job(
            UUID.randomUUID().toString(),
            "DisableProtection",
            i.spec.name(),
            DISABLE_TASKS,
            null,
            0);
    i.phase = Phase.DISABLING;
    i.jobName = job.name;
    return accepted(job);
  }

  private Reply accepted(Job job) {
    jobs.put(job.name, job);
    String op = UUID.randomUUID().toString();
    operations.put(op, job.name);
    if (!operationHeaders) {
      return new Reply(202, null, Map.of());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Azure-AsyncOperation",
        endpoint()
            + vaultId()
            + "/replicationOperationStatus/"
            + op
            + "?api-version="
            + API_VERSION);
    headers.put(
        "Location",
        endpoint()
            + vaultId()
            + "/replicationJobs/"
            + job.name
            + "/operationresults/"
            + op
            + "?api-version="
            + API_VERSION);
    headers.put("Retry-After", String.valueOf(options.retryAfterSeconds()));
    return new Reply(202, null, headers);
  }

  /** Applies finished jobs to their items (the service does this when a job ends). */
  private void advance() {
    for (Job job : jobs.values()) {
      if (job.applied) {
        continue;
      }
      String state = jobState(job);
      if (!state.equals("Succeeded") && !state.equals("Failed") && !state.equals("Cancelled")) {
        continue; // NotStarted, InProgress, Suspended and Other jobs have not ended
      }
      job.applied = true;
      Item i = items.get(job.item.toLowerCase(Locale.ROOT));
      if (i == null || !job.name.equals(i.jobName)) {
        continue;
      }
      boolean failed = !state.equals("Succeeded");
      if (job.scenario.equals("Reprotect")) {
        i.phase = failed ? Phase.FAILED_OVER : Phase.PROTECTED;
        i.resyncStart =
            job.started + job.queuedNanos + options.taskDuration().toNanos() * job.tasks.size();
      } else {
        i.phase = failed ? Phase.PROTECTED : Phase.REMOVED;
      }
      // A failed or cancelled job stays the item's current scenario until another starts (the
      // stricter reading).
      i.jobName = failed ? job.name : null;
    }
  }

  private boolean queued(Job job) {
    return System.nanoTime() - job.started < job.queuedNanos;
  }

  private int tasksDone(Job job) {
    long running = System.nanoTime() - job.started - job.queuedNanos;
    return (int)
        Math.max(
            0, Math.min(job.tasks.size(), running / Math.max(1, options.taskDuration().toNanos())));
  }

  /**
   * JobProperties.state: NotStarted, InProgress, Succeeded, Failed, Cancelled, Suspended or Other.
   */
  private String jobState(Job job) {
    if (queued(job)) {
      return "NotStarted";
    }
    int done = tasksDone(job);
    if (job.fault != null && done >= job.faultAt) {
      return "Failed";
    }
    if (job.stopState != null && done >= job.stopAt) {
      return job.stopState;
    }
    return done >= job.tasks.size() ? "Succeeded" : "InProgress";
  }

  private int resyncPercent(Item i, int diskIndex) {
    if (i.phase != Phase.PROTECTED && i.phase != Phase.DISABLING) {
      return 0;
    }
    // Disks resync one after the other's pace: the first is a little ahead.
    long total = Math.max(1, options.resyncDuration().toNanos());
    long elapsed =
        System.nanoTime()
            - i.resyncStart
            + total * diskIndex / 10 / Math.max(1, i.spec.disks().size());
    return (int) Math.max(0, Math.min(100, elapsed * 100 / total));
  }

  private boolean resynced(Item i) {
    for (int d = 0; d < i.spec.disks().size(); d++) {
      if (resyncPercent(i, d) < 100) {
        return false;
      }
    }
    return true;
  }

  // ---- Resources as JSON. ----

  private String vaultId() {
    return "/Subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/"
        + RESOURCE_GROUP
        + "/providers/Microsoft.RecoveryServices/vaults/"
        + VAULT;
  }

  private String itemId(Item i) {
    return vaultId()
        + "/replicationFabrics/"
        + FABRIC
        + "/replicationProtectionContainers/"
        + CONTAINER
        + "/replicationProtectedItems/"
        + i.spec.name();
  }

  private String policyId() {
    return vaultId() + "/replicationPolicies/" + POLICY;
  }

  private static String id(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private String heartbeat(boolean fresh) {
    return (fresh ? Instant.now().minusSeconds(30) : Instant.now().minus(Duration.ofHours(3)))
        .toString();
  }

  private ObjectNode fabricJson() {
    ObjectNode f = JSON.createObjectNode();
    f.put("id", vaultId() + "/replicationFabrics/" + FABRIC);
    f.put("name", FABRIC);
    f.put("type", "Microsoft.RecoveryServices/vaults/replicationFabrics");
    ObjectNode p = f.putObject("properties");
    p.put("friendlyName", "cs-01");
    p.put("internalIdentifier", id(FABRIC));
    p.put("health", configServerUp ? "Normal" : "Critical");
    if (modernized) {
      p.set("customDetails", rcmFabricDetails());
      return f;
    }
    ObjectNode d = p.putObject("customDetails");
    d.put("instanceType", "VMware");
    d.put("hostName", "cs-01");
    d.put("ipAddress", "10.0.0.4");
    d.put("lastHeartbeat", heartbeat(configServerUp));
    d.put("csServiceStatus", configServerUp ? "Running" : "Stopped");
    ArrayNode ps = d.putArray("processServers");
    processServers.forEach(
        (name, psId) -> {
          ObjectNode s = ps.addObject();
          s.put("friendlyName", name);
          s.put("id", psId);
          s.put("ipAddress", "10.0.1." + (ps.size() + 10));
          s.put("osType", "Windows");
          s.put("agentVersion", "9.60.0.0");
          boolean fresh = !staleProcessServers.contains(name);
          s.put("lastHeartbeat", heartbeat(fresh));
          s.put("health", fresh ? "Normal" : "Critical");
          s.put("psServiceStatus", fresh ? "Running" : "Stopped");
        });
    ArrayNode mts = d.putArray("masterTargetServers");
    masterTargets.forEach(
        (name, volumes) -> {
          ObjectNode mt = mts.addObject();
          mt.put("id", id(name));
          mt.put("name", name);
          mt.put("ipAddress", "10.0.2." + (mts.size() + 10));
          mt.put("osType", name.contains("lnx") ? "Linux" : "Windows");
          mt.put("lastHeartbeat", heartbeat(true));
          ArrayNode rv = mt.putArray("retentionVolumes");
          volumes.forEach(
              v ->
                  rv.addObject()
                      .put("volumeName", v)
                      .put("capacityInBytes", 500L << 30)
                      .put("freeSpaceInBytes", 400L << 30)
                      .put("thresholdPercentage", 80));
          ArrayNode ds = mt.putArray("dataStores");
          datastores.forEach(
              n ->
                  ds.addObject()
                      .put("symbolicName", n)
                      .put("uuid", id(n))
                      .put("capacity", "4096")
                      .put("freeSpace", "2048")
                      .put("type", n.startsWith("nfs") ? "NFS" : "VMFS"));
          mt.put("diskCount", 0);
        });
    d.putArray("runAsAccounts")
        .addObject()
        .put("accountId", "1")
        .put("accountName", "vcenter-discovery");
    return f;
  }

  private String protectionState(Item i) {
    return switch (i.phase) {
      case FAILED_OVER ->
          !i.spec.failedOver()
              ? "Protected"
              : i.commitPending ? "UnplannedFailoverCommitPending" : "FailedOver";
      case REPROTECTING -> "ReprotectInitiated";
      case PROTECTED -> "Protected";
      case DISABLING -> "DisablingProtection";
      case REMOVED -> "Unprotected";
    };
  }

  private ObjectNode itemJson(Item i) {
    ObjectNode item = JSON.createObjectNode();
    item.put("id", itemId(i));
    item.put("name", i.spec.name());
    item.put(
        "type",
        "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems");
    ObjectNode p = item.putObject("properties");
    p.put("friendlyName", i.spec.name());
    p.put("protectedItemType", "VMwareVirtualMachine");
    p.put(
        "protectableItemId",
        vaultId()
            + "/replicationFabrics/"
            + FABRIC
            + "/replicationProtectionContainers/"
            + CONTAINER
            + "/replicationProtectableItems/"
            + i.spec.name());
    p.put("primaryFabricFriendlyName", "cs-01");
    p.put("primaryFabricProvider", "VMware");
    p.put("recoveryFabricFriendlyName", "Microsoft Azure");
    String state = protectionState(i);
    p.put("protectionState", state);
    p.put(
        "protectionStateDescription",
        switch (i.phase) {
          case FAILED_OVER -> i.spec.failedOver() ? "Failover completed" : "Protected";
          case REPROTECTING -> "Reprotect in progress";
          case PROTECTED -> resynced(i) ? "Protected" : "Initial replication in progress";
          case DISABLING -> "Disabling protection";
          case REMOVED -> "Unprotected";
        });
    p.put("activeLocation", i.spec.failedOver() ? "Recovery" : "Primary");
    ArrayNode allowed = p.putArray("allowedOperations");
    switch (i.phase) {
      case FAILED_OVER -> {
        if (i.spec.failedOver()) {
          if (i.commitPending) {
            allowed.add("Commit").add("ChangePit").add("DisableProtection");
          } else {
            allowed.add("ReverseReplicate").add("DisableProtection");
          }
        } else {
          allowed
              .add("PlannedFailover")
              .add("UnplannedFailover")
              .add("TestFailover")
              .add("DisableProtection");
        }
      }
      case PROTECTED ->
          allowed.add("PlannedFailover").add("UnplannedFailover").add("DisableProtection");
      default -> {}
    }
    p.put("replicationHealth", "Normal");
    p.putArray("healthErrors");
    p.put(
        "policyId",
        i.phase == Phase.PROTECTED
            ? policyId()
            : vaultId() + "/replicationPolicies/vmware-to-azure");
    if (i.spec.failedOver()) {
      p.put("lastSuccessfulFailoverTime", startedAt.minus(failedOverAgo).toString());
    }
    ObjectNode scenario = p.putObject("currentScenario");
    if (i.jobName != null) {
      Job job = jobs.get(i.jobName);
      scenario.put("scenarioName", job.scenario);
      scenario.put("jobId", vaultId() + "/replicationJobs/" + job.name);
      scenario.put("startTime", job.startedAt.toString());
    } else {
      scenario.put("scenarioName", "None");
      scenario.put("jobId", vaultId() + "/replicationJobs/None");
      scenario.put("startTime", "1753-01-01T01:01:01Z");
    }
    ObjectNode d = p.putObject("providerSpecificDetails");
    boolean reprotected = i.phase == Phase.PROTECTED || i.phase == Phase.DISABLING;
    Duration since = Duration.ofNanos(System.nanoTime() - startNanos);
    boolean agent = i.spec.agentAfter() != null && since.compareTo(i.spec.agentAfter()) >= 0;
    if (!reprotected) {
      d.put("instanceType", "InMageAzureV2");
      d.put("osType", i.spec.osType());
      d.put("osVersion", i.spec.osVersion());
      d.put("discoveryType", "vCenter");
      d.put("vCenterInfrastructureId", "infra-" + i.spec.vcenter());
      d.put("infrastructureVmId", id(i.spec.name() + "-vm"));
      if (agent) {
        d.put("lastHeartbeat", Instant.now().minusSeconds(20).toString());
        d.put("agentVersion", "9.60.0.0");
      }
      if (i.spec.multiVmGroup() != null) {
        d.put("multiVmGroupName", i.spec.multiVmGroup());
        d.put("multiVmGroupId", id(i.spec.multiVmGroup()));
      }
      d.put(
          "targetVmId",
          "/subscriptions/"
              + SUBSCRIPTION
              + "/resourceGroups/"
              + RESOURCE_GROUP
              + "/providers/Microsoft.Compute/virtualMachines/"
              + i.spec.name());
      d.put(
          "recoveryAzureResourceGroupId",
          "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + RESOURCE_GROUP);
      ArrayNode disks = d.putArray("protectedDisks");
      i.spec
          .disks()
          .forEach(
              k ->
                  disks
                      .addObject()
                      .put("diskId", k.id())
                      .put("diskName", k.name())
                      .put("diskCapacityInBytes", k.sizeBytes())
                      .put("protectionStage", "Protected"));
    } else {
      d.put("instanceType", "InMage");
      d.put("activeSiteType", "Azure");
      ObjectNode os = d.putObject("osDetails"); // OSDiskDetails: osVhdId, osType, vhdName
      os.put("osType", i.spec.osType());
      os.put("vhdName", i.spec.name() + "_0");
      d.put("osVersion", i.spec.osVersion());
      d.put("discoveryType", "vCenter");
      d.put("vCenterInfrastructureId", "infra-" + i.spec.vcenter());
      d.put("lastHeartbeat", Instant.now().minusSeconds(20).toString());
      d.put("processServerId", i.processServerId);
      d.put("masterTargetId", i.masterTargetId);
      if (i.spec.multiVmGroup() != null) {
        d.put("multiVmGroupName", i.spec.multiVmGroup());
      }
      boolean done = resynced(i);
      d.put("vmProtectionState", done ? "Protected" : "InitialReplicationInProgress");
      d.put("protectionStage", done ? "Protected" : "Resync");
      if (done) {
        d.put("rpoInSeconds", 42);
      }
      ArrayNode disks = d.putArray("protectedDisks");
      int lowest = 100;
      for (int k = 0; k < i.spec.disks().size(); k++) {
        Disk disk = i.spec.disks().get(k);
        int pct = resyncPercent(i, k);
        lowest = Math.min(lowest, pct);
        disks
            .addObject()
            .put("diskId", disk.id())
            .put("diskName", disk.name())
            .put("diskCapacityInBytes", disk.sizeBytes())
            .put("resyncProgressPercentage", pct)
            .put("protectionStage", pct >= 100 ? "Protected" : "Resync");
      }
      // InitialReplicationDetails: both fields are strings in the specification.
      d.putObject("resyncDetails")
          .put("initialReplicationType", "InitialReplication")
          .put("initialReplicationProgressPercentage", String.valueOf(lowest));
      d.putObject("agentDetails").put("agentVersion", "9.60.0.0").put("agentUpdateStatus", "Ok");
      d.putArray("validationErrors");
    }
    if (modernized) {
      p.set("providerSpecificDetails", rcmDetails(i));
    }
    return item;
  }

  /** InMageRcmReplicationDetails before reprotect, InMageRcmFailbackReplicationDetails after. */
  private ObjectNode rcmDetails(Item i) {
    ObjectNode d = JSON.createObjectNode();
    boolean failback = i.phase == Phase.PROTECTED || i.phase == Phase.DISABLING;
    d.put("instanceType", failback ? "InMageRcmFailback" : "InMageRcm");
    d.put("internalIdentifier", id(i.spec.name() + "-internal"));
    d.put("osType", i.spec.osType());
    d.put("multiVmGroupName", i.spec.multiVmGroup());
    ArrayNode disks = d.putArray("protectedDisks");
    if (failback) {
      d.put(
          "azureVirtualMachineId",
          "/subscriptions/"
              + SUBSCRIPTION
              + "/resourceGroups/"
              + RESOURCE_GROUP
              + "/providers/Microsoft.Compute/virtualMachines/"
              + i.spec.name());
      d.put("reprotectAgentId", id("reprotect-agent-01"));
      d.put("reprotectAgentName", "reprotect-agent-01");
      d.put("targetDataStoreName", "vmfs-01");
      d.put("initialReplicationProgressPercentage", 40);
      d.put("resyncProgressPercentage", 0);
      d.putObject("mobilityAgentDetails")
          .put("version", "9.60.0.0")
          .put("lastHeartbeatUtc", Instant.now().minusSeconds(20).toString());
      d.put("isAgentRegistrationSuccessfulAfterFailover", true);
      i.spec
          .disks()
          .forEach(
              k ->
                  disks
                      .addObject()
                      .put("diskId", k.id())
                      .put("diskName", k.name())
                      .put("capacityInBytes", k.sizeBytes())
                      .put("diskUuid", id(k.id()))
                      .put("isInitialReplicationComplete", "false"));
    } else {
      d.put(
          "fabricDiscoveryMachineId",
          "/subscriptions/"
              + SUBSCRIPTION
              + "/resourceGroups/"
              + RESOURCE_GROUP
              + "/providers/Microsoft.OffAzure/VMwareSites/site-01/machines/"
              + i.spec.name());
      d.put("processServerId", processServers.get("appliance-01"));
      d.put("processServerName", "appliance-01");
      d.put("targetVmName", i.spec.name());
      d.putObject("mobilityAgentDetails")
          .put("version", "9.60.0.0")
          .put("lastHeartbeatUtc", Instant.now().minusSeconds(20).toString());
      i.spec
          .disks()
          .forEach(
              k ->
                  disks
                      .addObject()
                      .put("diskId", k.id())
                      .put("diskName", k.name())
                      .put("capacityInBytes", k.sizeBytes())
                      .put("isOSDisk", "true"));
    }
    return d;
  }

  /**
   * InMageRcmFabricSpecificDetails: process servers and reprotect agents of the appliance, no
   * master targets.
   */
  private ObjectNode rcmFabricDetails() {
    ObjectNode d = JSON.createObjectNode();
    d.put("instanceType", "InMageRcm");
    d.put(
        "vmwareSiteId",
        "/subscriptions/"
            + SUBSCRIPTION
            + "/resourceGroups/"
            + RESOURCE_GROUP
            + "/providers/Microsoft.OffAzure/VMwareSites/site-01");
    d.put("serviceEndpoint", "https://rcm.example.invalid");
    ArrayNode ps = d.putArray("processServers");
    processServers.forEach(
        (name, psId) ->
            ps.addObject()
                .put("id", psId)
                .put("name", name)
                .put("fqdn", name + ".corp")
                .put("version", "9.60.0.0")
                .put("lastHeartbeatUtc", heartbeat(true))
                .put("health", "Normal"));
    d.putArray("reprotectAgents")
        .addObject()
        .put("id", id("reprotect-agent-01"))
        .put("name", "reprotect-agent-01")
        .put("fqdn", "reprotect-agent-01.corp")
        .put("version", "9.60.0.0")
        .put("lastHeartbeatUtc", heartbeat(true))
        .put("health", "Normal")
        .put("vcenterId", "infra-vc-01")
        .putArray("accessibleDatastores")
        .add("vmfs-01");
    return d;
  }

  private ObjectNode jobJson(Job job) {
    ObjectNode j = JSON.createObjectNode();
    j.put("id", vaultId() + "/replicationJobs/" + job.name);
    j.put("name", job.name);
    j.put("type", "Microsoft.RecoveryServices/vaults/replicationJobs");
    ObjectNode p = j.putObject("properties");
    p.put("activityId", id(job.name + "-activity"));
    p.put("scenarioName", job.scenario);
    p.put("friendlyName", job.scenario.equals("Reprotect") ? "Reprotect" : "Disable protection");
    String state = jobState(job);
    p.put("state", state);
    p.put(
        "stateDescription",
        switch (state) {
          case "Succeeded", "Failed" -> "Completed";
          default -> state;
        });
    p.put("startTime", job.startedAt.toString());
    p.put("targetObjectId", id(job.item));
    p.put("targetObjectName", job.item);
    p.put("targetInstanceType", "ProtectionEntity");
    int done = tasksDone(job);
    ArrayNode tasks = p.putArray("tasks");
    ObjectNode failedError = null;
    for (int t = 0; t < job.tasks.size(); t++) {
      ObjectNode task = tasks.addObject();
      task.put("taskId", job.name + "-" + t);
      task.put("name", job.tasks.get(t).replace(" ", ""));
      task.put("friendlyName", job.tasks.get(t));
      task.put("taskType", "TaskDetails");
      String ts;
      if (queued(job)) {
        ts = "NotStarted";
      } else if (job.fault != null && t == job.faultAt && done >= job.faultAt) {
        ts = "Failed";
      } else if (job.fault != null && t > job.faultAt && done >= job.faultAt) {
        ts = "Skipped";
      } else if (job.stopState != null && t == job.stopAt && done >= job.stopAt) {
        ts = job.stopState;
      } else if (job.stopState != null && t > job.stopAt && done >= job.stopAt) {
        ts = "NotStarted";
      } else {
        ts = t < done ? "Succeeded" : t == done ? "InProgress" : "NotStarted";
      }
      task.put("state", ts);
      task.put("stateDescription", ts);
      ArrayNode errors = task.putArray("errors");
      if (ts.equals("Failed")) {
        failedError = jobError(job.fault, job.name + "-" + t);
        errors.add(failedError);
      }
    }
    ArrayNode errors = p.putArray("errors");
    if (failedError != null) {
      errors.add(failedError.deepCopy());
      p.put("endTime", Instant.now().toString());
    }
    p.putObject("customDetails").put("instanceType", "AsrJobDetails");
    return j;
  }

  private static ObjectNode jobError(ServiceError e, String taskId) {
    ObjectNode err = JSON.createObjectNode();
    ObjectNode s = err.putObject("serviceErrorDetails");
    s.put("code", e.code());
    s.put("message", e.message());
    s.put("possibleCauses", e.possibleCauses());
    s.put("recommendedAction", e.recommendedAction());
    s.put("activityId", id(taskId));
    err.put("errorLevel", "Error");
    err.put("creationTime", Instant.now().toString());
    err.put("taskId", taskId);
    return err;
  }

  private ObjectNode operationJson(String op, Job job) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", vaultId() + "/replicationOperationStatus/" + op);
    o.put("name", op);
    String state = jobState(job);
    // OperationStatus: InProgress until the job ends; "Canceled" as ARM spells it.
    String status =
        switch (state) {
          case "Succeeded", "Failed" -> state;
          case "Cancelled" -> "Canceled";
          default -> "InProgress";
        };
    o.put("status", status);
    o.put("startTime", job.startedAt.toString());
    if (!status.equals("InProgress")) {
      o.put("endTime", Instant.now().toString());
    }
    if (state.equals("Failed")) {
      o.putObject("error").put("code", job.fault.code()).put("message", job.fault.message());
    }
    return o;
  }

  /**
   * InMagePolicyDetails (failback) or InMageAzureV2PolicyDetails (forward), with the same numbers.
   */
  private ObjectNode policyJson(String name, String type) {
    ObjectNode p = JSON.createObjectNode();
    p.put("id", vaultId() + "/replicationPolicies/" + name);
    p.put("name", name);
    p.put("type", "Microsoft.RecoveryServices/vaults/replicationPolicies");
    ObjectNode props = p.putObject("properties");
    props.put("friendlyName", name);
    ObjectNode d = props.putObject("providerSpecificDetails");
    d.put("instanceType", type);
    if (type.equals("InMageAzureV2")) {
      d.put("crashConsistentFrequencyInMinutes", 5);
    }
    d.put("recoveryPointThresholdInMinutes", 15);
    d.put("recoveryPointHistory", 1440);
    d.put("appConsistentFrequencyInMinutes", 60);
    d.put("multiVmSyncStatus", "Enabled");
    return p;
  }

  private List<JsonNode> recoveryPlans() {
    Map<String, List<Item>> byPlan = new LinkedHashMap<>();
    items.values().stream()
        .filter(i -> i.spec.recoveryPlan() != null)
        .forEach(i -> byPlan.computeIfAbsent(i.spec.recoveryPlan(), k -> new ArrayList<>()).add(i));
    List<JsonNode> plans = new ArrayList<>();
    byPlan.forEach(
        (name, members) -> {
          ObjectNode plan = JSON.createObjectNode();
          plan.put("id", vaultId() + "/replicationRecoveryPlans/" + name);
          plan.put("name", name);
          ObjectNode p = plan.putObject("properties");
          p.put("friendlyName", name);
          ArrayNode groups = p.putArray("groups");
          groups.addObject().put("groupType", "Shutdown").putArray("replicationProtectedItems");
          groups.addObject().put("groupType", "Failover").putArray("replicationProtectedItems");
          ArrayNode boot =
              groups.addObject().put("groupType", "Boot").putArray("replicationProtectedItems");
          members.forEach(
              i ->
                  boot.addObject()
                      .put("id", itemId(i))
                      .put("virtualMachineId", id(i.spec.name() + "-vm")));
          plans.add(plan);
        });
    return plans;
  }

  private ObjectNode migrationJson(String name) {
    ObjectNode m = JSON.createObjectNode();
    // Migration items are named by Azure Migrate's machine id; machineName is the VM's name.
    String itemName = id(name + "-migration");
    m.put(
        "id",
        vaultId()
            + "/replicationFabrics/"
            + MIGRATE_FABRIC
            + "/replicationProtectionContainers/"
            + MIGRATE_CONTAINER
            + "/replicationMigrationItems/"
            + itemName);
    m.put("name", itemName);
    m.put(
        "type",
        "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/"
            + "replicationMigrationItems");
    ObjectNode p = m.putObject("properties");
    p.put("machineName", name);
    p.put("migrationState", "MigrationSucceeded");
    p.putObject("providerSpecificDetails")
        .put("instanceType", "VMwareCbt")
        .put("osType", "Windows")
        .put("vmwareMachineId", id(name + "-vmware"));
    return m;
  }

  private ObjectNode protectableJson(Item i) {
    ObjectNode m = JSON.createObjectNode();
    m.put(
        "id",
        vaultId()
            + "/replicationFabrics/"
            + FABRIC
            + "/replicationProtectionContainers/"
            + CONTAINER
            + "/replicationProtectableItems/"
            + i.spec.name());
    m.put("name", i.spec.name());
    m.putObject("properties")
        .put("friendlyName", i.spec.name())
        .put("protectionStatus", "Protected");
    return m;
  }

  private ObjectNode vmJson(Item i) {
    ObjectNode vm = JSON.createObjectNode();
    vm.put(
        "id",
        "/subscriptions/"
            + SUBSCRIPTION
            + "/resourceGroups/"
            + RESOURCE_GROUP
            + "/providers/Microsoft.Compute/virtualMachines/"
            + i.spec.name());
    vm.put("name", i.spec.name());
    vm.put("location", "westeurope");
    return vm;
  }

  private ObjectNode list(List<JsonNode> values, String nextLink) {
    ObjectNode l = JSON.createObjectNode();
    ArrayNode v = l.putArray("value");
    values.forEach(v::add);
    if (nextLink != null) {
      l.put("nextLink", nextLink);
    }
    return l;
  }

  private static Reply ok(JsonNode body) {
    return new Reply(200, body, Map.of());
  }

  private static Reply notFound(String what) {
    return error(
        404, new ServiceError("NotFound", "The resource " + what + " was not found.", null, null));
  }

  private static Reply error(int status, ServiceError e) {
    return new Reply(status, errorBody(e), Map.of());
  }

  private static JsonNode errorBody(ServiceError e) {
    if (e == null) {
      return null;
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", e.code());
    error.put("message", e.message());
    if (e.possibleCauses() != null) {
      error.put("possibleCauses", e.possibleCauses());
    }
    if (e.recommendedAction() != null) {
      error.put("recommendedAction", e.recommendedAction());
    }
    return body;
  }

  private void send(HttpExchange exchange, Reply reply) throws IOException {
    reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] out = reply.body == null ? new byte[0] : JSON.writeValueAsBytes(reply.body);
    if (out.length > 0) {
      exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    }
    exchange.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(reply.status, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(out);
      }
    }
  }
}
