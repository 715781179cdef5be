package dev.reprotect.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code wrk} as a second, independent HTTP client for P5: one connection, one thread, so
 * requests are sequential (closed loop), for a few seconds; its latency distribution and rate.
 * Installed with apt-get when missing and this process may (root on Debian), as {@code
 * deploy/src/test/browser/install-chromium.sh} does for Chromium.
 */
final class Wrk {

  private static final Path BINARY = Path.of("/usr/bin/wrk");

  private Wrk() {}

  /** The binary, installing it first when allowed to. */
  static Optional<Path> find(boolean install) {
    if (Files.isExecutable(BINARY)) {
      return Optional.of(BINARY);
    }
    if (!install
        || !Files.isExecutable(Path.of("/usr/bin/apt-get"))
        || !"root".equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    if (run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk") != 0) {
      run("apt-get", "update", "-qq");
      run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk");
    }
    return Files.isExecutable(BINARY) ? Optional.of(BINARY) : Optional.empty();
  }

  /** {@code GET url} with the bearer token for that many seconds; p50, p99, requests/s, non-2xx. */
  static Map<String, Object> get(Path wrk, String url, String token, int seconds) {
    ProcessBuilder builder =
        new ProcessBuilder(
                wrk.toString(),
                "-t1",
                "-c1",
                "-d" + seconds + "s",
                "--latency",
                "-H",
                "Authorization: Bearer " + token,
                url)
            .redirectErrorStream(true);
    String out;
    try {
      Process process = builder.start();
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      process.waitFor(seconds + 30L, TimeUnit.SECONDS);
    } catch (IOException e) {
      return Map.of("error", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of("error", "interrupted");
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("p50Ms", latency(out, "50%"));
    figures.put("p99Ms", latency(out, "99%"));
    figures.put("requestsPerS", number(out, "Requests/sec:\\s+([0-9.]+)"));
    Double non2xx = number(out, "Non-2xx or 3xx responses:\\s+([0-9]+)");
    figures.put("non2xx", non2xx == null ? 0 : non2xx.intValue());
    figures.put("connections", 1);
    figures.put("seconds", seconds);
    return figures;
  }

  /** A line of wrk's latency distribution, e.g. {@code 99% 3.21ms}, in ms. */
  static Double latency(String out, String percentile) {
    Matcher m =
        Pattern.compile(
                "^\\s*" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\s*$",
                Pattern.MULTILINE)
            .matcher(out);
    if (!m.find()) {
      return null;
    }
    double v = Double.parseDouble(m.group(1));
    return Stats.round(
        switch (m.group(2)) {
          case "us" -> v / 1000;
          case "s" -> v * 1000;
          default -> v;
        },
        3);
  }

  private static Double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : null;
  }

  private static int run(String... command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(300, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
