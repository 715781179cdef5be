package dev.reprotect.worker.server;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/**
 * Where the embedded default keeps what must survive a restart: the Temporal server's SQLite
 * database and log, and the simulated site's state. {@code reprotect.data-dir} ({@code
 * REPROTECT_DATA_DIR}); by default {@code $XDG_DATA_HOME/reprotect}, else {@code
 * ~/.local/share/reprotect}. Deleting it starts afresh.
 */
@Singleton
public class DataDirectory {

  private final Path path;

  public DataDirectory(@Value("${reprotect.data-dir:}") String configured) {
    this.path =
        configured == null || configured.isBlank()
            ? defaultPath()
            : Path.of(configured).toAbsolutePath();
  }

  public Path path() {
    return path;
  }

  static Path defaultPath() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("reprotect").toAbsolutePath();
  }
}
