package dev.reprotect.vcenter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Our vcsim (activities/src/test/vcsim/main.go, built by the Maven build into {@code
 * target/vcsim/vcsim}) as a child process on a free loopback port: started, its URL read from its
 * first stdout line, stopped on {@link #close()}. When the binary is missing the test FAILS with
 * how to get it, unless {@code -Dvcsim.skip=true} was given (then it is skipped).
 */
public final class Vcsim implements AutoCloseable {

  public static final String USER = "administrator@vsphere.local";
  public static final String PASSWORD = "vcsim-Secret-1";

  private final Process process;
  private final URI url;
  private final Path log;

  private Vcsim(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /**
   * Starts vcsim that accepts only {@link #USER} with {@link #PASSWORD}; more flags: -tls,
   * -readonly.
   */
  public static Vcsim start(String... flags) {
    Assumptions.assumeFalse(
        Boolean.getBoolean("vcsim.skip"), "vcsim tests skipped (-Dvcsim.skip=true)");
    Path binary = Path.of(System.getProperty("vcsim.binary", "target/vcsim/vcsim"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "vcsim binary "
              + binary.toAbsolutePath()
              + " is missing: the build runs "
              + "activities/src/test/vcsim/build.sh (needs golang-go and golang-github-vmware-govmomi-dev, installed "
              + "with apt-get as root); build it, or pass -Dvcsim.skip=true to skip the vCenter tests");
    }
    try {
      Path log = Files.createTempFile("vcsim-", ".log");
      List<String> cmd =
          new ArrayList<>(
              List.of(binary.toString(), "-port", "0", "-user", USER, "-password", PASSWORD));
      cmd.addAll(List.of(flags));
      ProcessBuilder pb =
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process p = pb.start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return out.readLine();
                    } catch (IOException e) {
                      return null;
                    }
                  })
              .get(60, TimeUnit.SECONDS);
      if (line == null || !line.startsWith("http")) {
        p.destroyForcibly();
        throw new IllegalStateException("vcsim did not print its URL: " + Files.readString(log));
      }
      Thread drain =
          new Thread(
              () -> {
                try {
                  while (out.readLine() != null) {
                    // keep the pipe empty
                  }
                } catch (IOException ignored) {
                  // process ended
                }
              },
              "vcsim-stdout");
      drain.setDaemon(true);
      drain.start();
      return new Vcsim(p, URI.create(line.trim()), log);
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start vcsim " + binary + ": " + e, e);
    }
  }

  public URI url() {
    return url;
  }

  /** A client of this vcsim with these credentials (plain http on loopback). */
  public Vim25Client client(String user, String password) {
    return new Vim25Client(
        new Vim25Client.Options(url, user, () -> password, null, Duration.ofSeconds(20)));
  }

  public Vim25Client client() {
    return client(USER, PASSWORD);
  }

  public VCenterSite site() {
    return new VCenterSite(
        client(), new VCenterSite.Settings("vc-sim", List.of(), Duration.ofMinutes(1)), () -> {});
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // a temporary file left behind
    }
  }
}
