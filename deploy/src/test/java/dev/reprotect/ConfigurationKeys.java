package dev.reprotect;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration keys the application knows, collected from where it declares them: the keys of
 * deploy's application*.yml, every {@code @ConfigurationProperties} record of the modules (its
 * components, kebab-cased, under its prefix), every {@code ${key:default}} and
 * {@code @Requires(property = ...)} in their main sources; and the environment variables the code
 * or logback reads by name.
 */
final class ConfigurationKeys {

  /** Micronaut's own keys we document and deploy, which no file of ours declares. */
  static final Set<String> FRAMEWORK_KEYS =
      Set.of(
          // micronaut-security-jwt: accept HS256 JWTs signed with this secret (README "Tokens").
          "micronaut.security.token.jwt.signatures.secret.generator.secret");

  /**
   * Environment variables that are not configuration keys: Micronaut's environments, the JVM's
   * options.
   */
  static final Set<String> PROCESS_VARIABLES =
      Set.of("MICRONAUT_ENVIRONMENTS", "JAVA_TOOL_OPTIONS");

  static final List<String> MODULES = List.of("workflows", "activities", "worker", "api", "deploy");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9.\\-]+)(:[^}]*)?}");
  private static final Pattern REQUIRES =
      Pattern.compile("@Requires\\(property\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern PROPERTIES_CLASS =
      Pattern.compile(
          "@ConfigurationProperties\\(\"([^\"]+)\"\\)\\s*(?:@\\w+\\s*)*public\\s+(?:static\\s+)?record\\s+(\\w+)");
  private static final Pattern PACKAGE =
      Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern ENV_NAME = Pattern.compile("\"(REPROTECT_[A-Z0-9_]+)\"");
  private static final Pattern LOGBACK_VARIABLE =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:-[^}]*)?}");

  final Set<String> keys = new TreeSet<>();
  final Set<String> environmentVariables = new TreeSet<>();

  private ConfigurationKeys() {}

  /** Collected from the source tree; the working directory is the deploy module's. */
  static ConfigurationKeys collect() {
    ConfigurationKeys known = new ConfigurationKeys();
    Path root = Path.of("..").toAbsolutePath().normalize();
    try (Stream<Path> ymls = Files.list(root.resolve("deploy/src/main/resources"))) {
      for (Path yml :
          ymls.filter(p -> p.getFileName().toString().matches("application.*\\.yml")).toList()) {
        known.yaml(yml);
      }
      for (String module : MODULES) {
        Path sources = root.resolve(module).resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(sources)) {
          for (Path java : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            known.source(Files.readString(java), java);
          }
        }
      }
      Matcher logback =
          LOGBACK_VARIABLE.matcher(
              Files.readString(root.resolve("deploy/src/main/resources/logback.xml")));
      while (logback.find()) {
        known.environmentVariables.add(logback.group(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    known.keys.addAll(FRAMEWORK_KEYS);
    return known;
  }

  @SuppressWarnings("unchecked")
  private void yaml(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Object tree = new Yaml().load(in);
      if (tree instanceof Map<?, ?> map) {
        flatten("", (Map<String, Object>) map);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void flatten(String prefix, Map<String, Object> map) {
    map.forEach(
        (key, value) -> {
          String path = prefix.isEmpty() ? key : prefix + "." + key;
          if (value instanceof Map<?, ?> child) {
            flatten(path, (Map<String, Object>) child);
          } else {
            keys.add(path);
          }
        });
  }

  private void source(String text, Path file) {
    Matcher placeholders = PLACEHOLDER.matcher(text);
    while (placeholders.find()) {
      keys.add(placeholders.group(1));
    }
    Matcher requires = REQUIRES.matcher(text);
    while (requires.find()) {
      keys.add(requires.group(1));
    }
    Matcher names = ENV_NAME.matcher(text);
    while (names.find()) {
      environmentVariables.add(names.group(1));
    }
    Matcher properties = PROPERTIES_CLASS.matcher(text);
    Matcher pkg = PACKAGE.matcher(text);
    if (properties.find() && pkg.find()) {
      String outer = file.getFileName().toString().replace(".java", "");
      Class<?> top = load(pkg.group(1) + "." + outer);
      recordKeys(prefixOf(top), top);
    }
  }

  /** The keys of a properties record and of the properties records nested in it. */
  private void recordKeys(String prefix, Class<?> type) {
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        keys.add(prefix + "." + kebab(component.getName()));
      }
    }
    for (Class<?> nested : type.getDeclaredClasses()) {
      ConfigurationProperties annotation = nested.getAnnotation(ConfigurationProperties.class);
      if (annotation != null) {
        recordKeys(prefix + "." + annotation.value(), nested);
      }
    }
  }

  private static String prefixOf(Class<?> type) {
    ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
    if (annotation == null) {
      throw new IllegalStateException(type + " has no @ConfigurationProperties");
    }
    return annotation.value();
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "declared in the sources but not on the test class path: " + name, e);
    }
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }

  /**
   * The configuration key an environment variable sets, Micronaut style: lower-cased, each {@code
   * _} a {@code .} or a {@code -}; or null when it sets none we know.
   */
  String keyOf(String variable) {
    String[] parts = variable.toLowerCase().split("_");
    List<String> candidates = new ArrayList<>(List.of(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      List<String> next = new ArrayList<>();
      for (String c : candidates) {
        next.add(c + "." + parts[i]);
        next.add(c + "-" + parts[i]);
      }
      candidates = next;
    }
    return candidates.stream().filter(keys::contains).findFirst().orElse(null);
  }

  /** Whether the application reads this environment variable: as a key, or by its name. */
  boolean knows(String variable) {
    return PROCESS_VARIABLES.contains(variable)
        || environmentVariables.contains(variable)
        || keyOf(variable) != null;
  }
}
