package dev.reprotect.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The histories committed under a test resource directory (e.g. {@code /histories/reprotect}), one
 * JSON export per recorded run, and their replay against today's workflow code.
 */
public final class CommittedHistories {

  private CommittedHistories() {}

  /** Every {@code .json} history of {@code directory}, by name. */
  public static List<Path> under(String directory) throws IOException, URISyntaxException {
    Path dir = Path.of(CommittedHistories.class.getResource(directory).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** The first history of {@code directory} whose name starts with {@code prefix}; not empty. */
  public static WorkflowExecutionHistory first(String directory, String prefix) throws Exception {
    Path file =
        under(directory).stream()
            .filter(p -> p.getFileName().toString().startsWith(prefix))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no history named " + prefix + "* in " + directory));
    WorkflowExecutionHistory history = read(file);
    assertFalse(history.getEvents().isEmpty(), file.toString());
    return history;
  }

  /** Fails unless {@code directory} holds a history named after each prefix. */
  public static void assertCover(String directory, List<String> prefixes) throws Exception {
    List<String> names = under(directory).stream().map(p -> p.getFileName().toString()).toList();
    for (String expected : prefixes) {
      assertTrue(
          names.stream().anyMatch(n -> n.startsWith(expected)),
          "no history named " + expected + "*: " + names);
    }
  }

  /** Replays {@code file} against {@code workflow}; throws on any non-determinism. */
  public static void replay(Path file, Class<?> workflow) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(read(file), workflow);
  }

  private static WorkflowExecutionHistory read(Path file) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(file));
  }
}
