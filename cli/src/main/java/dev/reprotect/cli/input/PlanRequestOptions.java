package dev.reprotect.cli.input;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A recovery plan and its body: {@code { "machines": [ ... ], "placement"?: "auto" }} from a file.
 */
public class PlanRequestOptions {

  @Parameters(index = "0", paramLabel = "PLAN", description = "The recovery plan, e.g. rp-app.")
  String plan;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "The plan body as YAML or JSON, e.g. cli/examples/rp-app.yaml.")
  Path file;

  @Option(
      names = "--placement",
      paramLabel = "auto",
      description =
          "Set the body's \"placement\" (auto: the API fills each machine's missing values).")
  String placement;

  public String plan() {
    return plan;
  }

  public Map<String, Object> body() {
    Map<String, Object> body = RequestFiles.read(file);
    if (placement != null) {
      body.put("placement", placement);
    }
    return body;
  }
}
