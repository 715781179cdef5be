package dev.reprotect.worker.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal CLI binary, whose {@code temporal server start-dev} is the embedded default's
 * Temporal server. The build installs a pinned version ({@code
 * worker/src/build/install-temporal-cli.sh}) into a per-user cache; nothing is downloaded at run
 * time.
 *
 * @param path the executable
 * @param version the first line of {@code temporal --version}
 */
public record TemporalCli(Path path, String version) {

  /** Where the build installs it (the install script's default). */
  public static Path installedByBuild() {
    String home = System.getenv("REPROTECT_TEMPORAL_CLI_HOME");
    Path root =
        home != null && !home.isBlank()
            ? Path.of(home)
            : Path.of(System.getProperty("user.home"), ".cache", "reprotect", "temporal-cli");
    return root.resolve("bin").resolve("temporal");
  }

  /**
   * The first usable binary of: the configured path (when given, only it), the build's install,
   * {@code temporal} on the PATH. Usable: it runs and prints a version.
   */
  public static Optional<TemporalCli> find(String configuredPath) {
    if (configuredPath != null && !configuredPath.isBlank()) {
      return probe(Path.of(configuredPath));
    }
    List<Path> candidates = new ArrayList<>();
    candidates.add(installedByBuild());
    String pathEnv = System.getenv("PATH");
    if (pathEnv != null) {
      for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "temporal"));
        }
      }
    }
    for (Path candidate : candidates) {
      Optional<TemporalCli> cli = probe(candidate);
      if (cli.isPresent()) {
        return cli;
      }
    }
    return Optional.empty();
  }

  /** The binary at {@code path} with its version, when it runs and prints one. */
  public static Optional<TemporalCli> probe(Path path) {
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      return Optional.empty();
    }
    try {
      Process process =
          new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
      String out;
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      String first = out.lines().findFirst().orElse("");
      return process.exitValue() == 0 && first.startsWith("temporal version")
          ? Optional.of(new TemporalCli(path.toAbsolutePath(), first))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
