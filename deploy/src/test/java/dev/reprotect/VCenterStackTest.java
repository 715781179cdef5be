package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.reprotect.vcenter.MoRef;
import dev.reprotect.vcenter.VCenterSite;
import dev.reprotect.vcenter.Vcsim;
import dev.reprotect.vcenter.Vim25Client;
import dev.reprotect.vcenter.Vim25Client.ObjectContent;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The embedded default with {@code reprotect.site.adapter: vcenter} against vcsim
 * (activities/src/test/vcsim): a reprotect through the API merges the vcsim VM's snapshots, powers
 * it off and attaches its disks to the master target VM, as read back with vcsim's own API. The
 * Azure side is the simulated one of inventory/vcsim.yaml (replicas named after vcsim's VMs).
 */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class VCenterStackTest implements TestPropertyProvider {

  /** Every log event of the run, captured from before the application starts (R5 canary). */
  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  static final String TOKEN = "vcenter-stack-test-token";

  private Vcsim vcsim;

  @Inject StackApi api;

  @Inject VCenterSite site;

  @Override
  public Map<String, String> getProperties() {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    vcsim = Vcsim.start();
    try {
      Path dir = Files.createTempDirectory("vcenter-stack");
      Path password = dir.resolve("vcenter-password");
      Files.writeString(password, Vcsim.PASSWORD + "\n");
      Path inventory = dir.resolve("vcsim.yaml");
      try (InputStream in = Vcsim.class.getResourceAsStream("/inventory/vcsim.yaml")) {
        Files.copy(in, inventory);
      }
      return Map.ofEntries(
          Map.entry("reprotect.temporal.target", "localhost:" + freePort()),
          Map.entry("reprotect.api.token", TOKEN),
          Map.entry("reprotect.site.adapter", "vcenter"),
          Map.entry("reprotect.site.vcenter.url", vcsim.url().toString()),
          Map.entry("reprotect.site.vcenter.username", Vcsim.USER),
          Map.entry("reprotect.site.vcenter.password-file", password.toString()),
          Map.entry("reprotect.site.vcenter.name", "vc-sim"),
          Map.entry(
              "reprotect.site.vcenter.master-targets",
              "mt-win-01,mt-pvscsi-01,mt-nouuid-01,mt-notools-01"),
          Map.entry("reprotect.site.simulated.inventory", inventory.toString()),
          Map.entry("reprotect.site.simulated.time-scale", "0.002"),
          Map.entry("reprotect.site.agent-poll-interval", "100ms"),
          Map.entry("reprotect.site.sync-poll-interval", "100ms"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() throws java.io.IOException {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  void stopVcsim() {
    if (vcsim != null) {
      vcsim.close();
    }
  }

  private static Map<String, Object> request(String vm, String mt, String ds) {
    return Map.of(
        "replicatedItem",
        vm,
        "masterTarget",
        mt,
        "processServer",
        "ps-azure-01",
        "datastore",
        ds,
        "retentionDrive",
        "R:");
  }

  // ---- Read back with vcsim's own API (our vim25 client, not the adapter). ----

  private ObjectContent vm(Vim25Client c, String name) {
    MoRef ref =
        c.all("VirtualMachine", "name").stream()
            .filter(o -> name.equals(o.text("name")))
            .findFirst()
            .orElseThrow()
            .obj();
    return c.properties(
        ref, "runtime.powerState", "snapshot", "config.hardware.device", "runtime.host");
  }

  private static List<String> diskFiles(ObjectContent vm) {
    List<String> files = new ArrayList<>();
    Element devices = vm.prop("config.hardware.device");
    for (Element d : children(devices)) {
      Element backing = child(d, "backing");
      Element file = backing == null ? null : child(backing, "fileName");
      if (file != null && file.getTextContent().endsWith(".vmdk")) {
        files.add(file.getTextContent());
      }
    }
    return files;
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    if (e != null) {
      for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element el) {
          out.add(el);
        }
      }
    }
    return out;
  }

  private static Element child(Element e, String name) {
    return children(e).stream().filter(c -> name.equals(c.getLocalName())).findFirst().orElse(null);
  }

  @Test
  void
      givenAVcsimVm_whenReprotectedThroughTheApi_itsSnapshotsAreMergedItIsOffAndItsDisksAreOnTheMasterTarget()
          throws Exception {
    Vim25Client vc = vcsim.client();
    ObjectContent before = vm(vc, "vm-src-01");
    assertEquals("poweredOn", before.text("runtime.powerState"));
    assertTrue(before.prop("snapshot") != null);
    List<String> vmDisks = diskFiles(before);
    assertEquals(2, vmDisks.size());

    HttpResponse<Map<String, Object>> started =
        api.post("/api/v1/reprotections", request("vm-src-01", "mt-win-01", "LocalDS_0"));
    assertEquals(HttpStatus.ACCEPTED, started.getStatus());
    Map<String, Object> done = api.awaitReprotection("reprotect-vm-src-01", StackApi::terminal);
    assertEquals("PROTECTED", done.get("state"), done.toString());

    ObjectContent after = vm(vc, "vm-src-01");
    assertNull(
        after.prop("snapshot") == null
            ? null
            : children(after.prop("snapshot")).stream()
                .filter(e -> "rootSnapshotList".equals(e.getLocalName()))
                .findFirst()
                .orElse(null),
        "snapshots left");
    assertEquals("poweredOff", after.text("runtime.powerState"));
    List<String> mtDisks = diskFiles(vm(vc, "mt-win-01"));
    assertTrue(mtDisks.containsAll(vmDisks), "master target disks " + mtDisks + " lack " + vmDisks);
    assertEquals(2, site.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-src-01").size());

    // Again: the steps find their work done and change nothing.
    int devices = children(vm(vc, "mt-win-01").prop("config.hardware.device")).size();
    HttpResponse<Map<String, Object>> again =
        api.post("/api/v1/reprotections", request("vm-src-01", "mt-win-01", "LocalDS_0"));
    assertEquals(HttpStatus.ACCEPTED, again.getStatus());
    String id = (String) again.body().get("id");
    Map<String, Object> second =
        api.awaitReprotection(
            id, s -> StackApi.terminal(s) && !s.get("startedAt").equals(done.get("startedAt")));
    assertEquals("PROTECTED", second.get("state"), second.toString());
    assertEquals(devices, children(vm(vc, "mt-win-01").prop("config.hardware.device")).size());
  }

  @Test
  void
      givenAVcsimMasterTargetWithSnapshotsAndParavirtualScsi_whenStarted_theApiRefusesNamingBothRules() {
    Map<String, Object> dryRun =
        api.post(
                "/api/v1/reprotections/preflight",
                request("vm-src-02", "mt-pvscsi-01", "LocalDS_0"))
            .body();
    assertTrue(
        dryRun.toString().contains("MT_HAS_SNAPSHOTS")
            && dryRun.toString().contains("MT_PARAVIRTUAL_SCSI"),
        dryRun.toString());
    HttpClientResponseException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            HttpClientResponseException.class,
            () ->
                api.post(
                    "/api/v1/reprotections", request("vm-src-02", "mt-pvscsi-01", "LocalDS_0")));
    String body = e.getResponse().getBody(String.class).orElse("");
    assertEquals(422, e.getStatus().getCode(), body);
    assertTrue(body.contains("MT_HAS_SNAPSHOTS") && body.contains("MT_PARAVIRTUAL_SCSI"), body);
    assertEquals(
        "poweredOn",
        vm(vcsim.client(), "vm-src-02").text("runtime.powerState"),
        "nothing was started");
  }

  @Test
  void
      givenAReplicaWhoseVmIsGone_whenReprotectedThroughTheApi_aNewVmIsCreatedOnTheMasterTargetsHostAndAttached()
          throws Exception {
    Vim25Client vc = vcsim.client();
    assertTrue(
        vc.all("VirtualMachine", "name").stream()
            .noneMatch(o -> "vm-alt-01".equals(o.text("name"))));
    Map<String, Object> body =
        new java.util.HashMap<>(request("vm-alt-01", "mt-win-01", "LocalDS_0"));
    body.put("recoveryLocation", "ALTERNATE");
    assertEquals(HttpStatus.ACCEPTED, api.post("/api/v1/reprotections", body).getStatus());
    Map<String, Object> done = api.awaitReprotection("reprotect-vm-alt-01", StackApi::terminal);
    assertEquals("PROTECTED", done.get("state"), done.toString());

    ObjectContent created = vm(vc, "vm-alt-01");
    ObjectContent mt = vm(vc, "mt-win-01");
    assertEquals(
        text(mt.prop("runtime.host")),
        text(created.prop("runtime.host")),
        "created on the master target's host");
    List<String> newDisks = diskFiles(created);
    assertEquals(2, newDisks.size());
    assertTrue(
        newDisks.stream().allMatch(f -> f.startsWith("[LocalDS_0] vm-alt-01/")),
        newDisks.toString());
    assertTrue(diskFiles(mt).containsAll(newDisks), "master target lacks " + newDisks);
  }

  private static String text(Element e) {
    return e == null ? null : e.getTextContent().trim();
  }

  /**
   * R5: the vCenter password (read from a file at each login) never reaches a workflow payload, a
   * history or a log line: every reprotection's history and every log event of this class's runs
   * are searched for it, after the other tests ran.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void
      givenTheVcenterPasswordFromAFile_whenReprotectionsRan_itShouldAppearInNoHistoryAndNoLogLine() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items =
        (List<Map<String, Object>>) api.get("/api/v1/reprotections?size=100").get("items");
    assertFalse(items.isEmpty(), "no reprotection ran before the canary check");
    int found = 0;
    for (Map<String, Object> item : items) {
      String history = api.text("/api/v1/reprotections/" + item.get("id") + "/history");
      assertTrue(
          history.contains("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED"),
          "not a history: " + item.get("id"));
      found += history.split(java.util.regex.Pattern.quote(Vcsim.PASSWORD), -1).length - 1;
    }
    List<ILoggingEvent> events = List.copyOf(LOGS.list);
    assertFalse(events.isEmpty(), "the log capture saw nothing");
    long inLogs =
        events.stream()
            .filter(
                e ->
                    e.getFormattedMessage().contains(Vcsim.PASSWORD)
                        || (e.getThrowableProxy() != null
                            && e.getThrowableProxy().getMessage() != null
                            && e.getThrowableProxy().getMessage().contains(Vcsim.PASSWORD)))
            .count();
    System.out.printf(
        "R5 vCenter canary: %d histories and %d log events searched: %d + %d occurrences%n",
        items.size(), events.size(), found, inLogs);
    assertEquals(0, found, "the vCenter password in a history");
    assertEquals(0, inLogs, "the vCenter password in a log line");
  }
}
