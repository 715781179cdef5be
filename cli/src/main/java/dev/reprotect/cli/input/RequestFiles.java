package dev.reprotect.cli.input;

import dev.reprotect.cli.CliFailure;
import dev.reprotect.cli.ExitCodes;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Request bodies from files, YAML or JSON (JSON is YAML). Every scalar is read as text, so names
 * such as {@code 01}, {@code no} or {@code 1.10} stay what they look like; only {@code null} and
 * {@code ~} mean nothing. The body is sent as given: unknown fields are the API's to refuse.
 */
public final class RequestFiles {

  private RequestFiles() {}

  public static Map<String, Object> read(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            new TextScalars());
    Object document;
    try (Reader reader = Files.newBufferedReader(file)) {
      document = yaml.load(reader);
    } catch (IOException unreadable) {
      throw CliFailure.of(
          ExitCodes.USAGE,
          "cannot read "
              + file
              + ": "
              + unreadable.getClass().getSimpleName()
              + (unreadable.getMessage() == null ? "" : " " + unreadable.getMessage()));
    } catch (YAMLException malformed) {
      throw CliFailure.of(
          ExitCodes.USAGE, file + " is not valid YAML or JSON: " + malformed.getMessage());
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw CliFailure.of(
          ExitCodes.USAGE,
          file + " must hold one object (a mapping), such as { \"machines\": [ ... ] }");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    map.forEach((key, value) -> body.put(String.valueOf(key), value));
    return body;
  }

  /** Resolves plain scalars to strings, except the YAML spellings of null. */
  private static final class TextScalars extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
