package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One logger naming in the main code of every module: {@code private static final Logger LOG}, from
 * {@code LoggerFactory} or, in a workflow, {@code Workflow.getLogger}.
 */
class LoggerNamingTest {

  static final List<String> MODULES =
      List.of("workflows", "activities", "worker", "api", "cli", "bench", "deploy");
  static final Pattern DECLARATION =
      Pattern.compile("(?m)^\\s*((?:\\w+\\s+)*)Logger\\s+(\\w+)\\s*=");

  @Test
  void everyMainLoggerIsAPrivateStaticFinalLog() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> other = new ArrayList<>();
    int declarations = 0;
    for (String module : MODULES) {
      Path main = root.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String relative = root.relativize(file).toString().replace('\\', '/');
          Matcher declared = DECLARATION.matcher(read(file));
          while (declared.find()) {
            declarations++;
            boolean named =
                declared.group(1).trim().equals("private static final")
                    && declared.group(2).equals("LOG");
            if (!named) {
              other.add(relative + ": " + declared.group().trim());
            }
          }
        }
      }
    }
    assertTrue(declarations >= 20, "found only " + declarations + " logger declarations");
    assertEquals(List.of(), other);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
