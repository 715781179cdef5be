package dev.reprotect.cli.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reprotect.cli.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request bodies from YAML and JSON files, the README's samples included. */
class RequestFilesTest {

  @TempDir Path dir;

  @Test
  void givenTheSamplePlan_whenRead_itShouldHoldBothMachinesWithEveryValue() {
    Map<String, Object> body = RequestFiles.read(Path.of("examples/rp-app.yaml"));

    List<?> machines = (List<?>) body.get("machines");
    assertEquals(2, machines.size());
    assertEquals(
        Map.of(
            "replicatedItem",
            "vm-app-02",
            "masterTarget",
            "mt-win-01",
            "processServer",
            "ps-azure-01",
            "datastore",
            "vmfs-01",
            "retentionDrive",
            "R:"),
        machines.get(1));
  }

  @Test
  void givenTheSampleVmJson_whenRead_itShouldBeTheContractsBody() {
    assertEquals(
        Map.of(
            "replicatedItem",
            "vm-web-01",
            "masterTarget",
            "mt-win-01",
            "processServer",
            "ps-azure-01",
            "datastore",
            "vmfs-01",
            "retentionDrive",
            "R:"),
        RequestFiles.read(Path.of("examples/vm-web-01.json")));
  }

  @Test
  void givenYamlScalarsThatLookLikeNumbersOrBooleans_whenRead_itShouldKeepThemAsText()
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("plan.yaml"),
            """
        machines:
          - replicatedItem: 01
            datastore: no
            masterTarget: 1.10
            processServer: ~
        placement: auto
        """);

    Map<?, ?> machine = (Map<?, ?>) ((List<?>) RequestFiles.read(file).get("machines")).get(0);

    assertEquals("01", machine.get("replicatedItem"));
    assertEquals("no", machine.get("datastore"));
    assertEquals("1.10", machine.get("masterTarget"));
    assertNull(machine.get("processServer"));
  }

  @Test
  void givenAFileThatIsNotAnObject_whenRead_itShouldBeAUsageError() throws Exception {
    Path list = Files.writeString(dir.resolve("list.yaml"), "- vm-app-01\n");
    Path broken = Files.writeString(dir.resolve("broken.json"), "{ \"machines\": [ ");

    assertEquals(2, assertThrows(CliFailure.class, () -> RequestFiles.read(list)).exitCode());
    assertEquals(2, assertThrows(CliFailure.class, () -> RequestFiles.read(broken)).exitCode());
    assertEquals(
        2,
        assertThrows(CliFailure.class, () -> RequestFiles.read(dir.resolve("missing.yaml")))
            .exitCode());
  }
}
