package dev.reprotect.cli.input;

import dev.reprotect.cli.CliFailure;
import dev.reprotect.cli.ExitCodes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Reprotect dialog's inputs for one VM: from options, from a JSON/YAML file, or both (options
 * win over the file's values).
 */
public class VmRequestOptions {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "VM",
      description = "The replicated item (VM) to reprotect; or give it in --file.")
  String vm;

  @Option(
      names = "--master-target",
      paramLabel = "NAME",
      description = "On-premises master target VM.")
  String masterTarget;

  @Option(names = "--process-server", paramLabel = "NAME", description = "Process server.")
  String processServer;

  @Option(names = "--datastore", paramLabel = "NAME", description = "Datastore for the VM's disks.")
  String datastore;

  @Option(
      names = "--retention-drive",
      paramLabel = "DRIVE",
      description = "Retention drive on the master target, e.g. R: or /mnt/retention.")
  String retentionDrive;

  @Option(
      names = "--recovery-location",
      paramLabel = "ORIGINAL|ALTERNATE",
      description = "Default: ORIGINAL when the on-premises VM exists, else ALTERNATE.")
  String recoveryLocation;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "The request body as JSON or YAML, e.g. cli/examples/vm-web-01.json.")
  Path file;

  /** The request body: the file's fields, then the options given. */
  public Map<String, Object> body() {
    Map<String, Object> body = file == null ? new LinkedHashMap<>() : RequestFiles.read(file);
    Object fromFile = body.get("replicatedItem");
    if (vm != null && fromFile != null && !vm.equals(fromFile)) {
      throw CliFailure.of(
          ExitCodes.USAGE, "VM " + vm + " differs from the file's replicatedItem " + fromFile);
    }
    put(body, "replicatedItem", vm);
    if (body.get("replicatedItem") == null) {
      throw CliFailure.of(
          ExitCodes.USAGE,
          "name the VM: reprotect <command> <VM> ..., or give replicatedItem in --file");
    }
    put(body, "masterTarget", masterTarget);
    put(body, "processServer", processServer);
    put(body, "datastore", datastore);
    put(body, "retentionDrive", retentionDrive);
    put(body, "recoveryLocation", recoveryLocation);
    return body;
  }

  /** The VM this request is for (after {@link #body()}). */
  public static String vmOf(Map<String, Object> body) {
    return String.valueOf(body.get("replicatedItem"));
  }

  private static void put(Map<String, Object> body, String key, String value) {
    if (value != null) {
      body.put(key, value);
    }
  }
}
