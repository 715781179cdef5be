package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s: every manifest parses, sets only configuration the application knows, probes the
 * management endpoints on the port the container serves, mounts what its file settings name, and
 * holds no secret value; deploy/CONFIGURATION.md documents every key the application knows.
 */
class KubernetesManifestsTest {

  static final Path K8S = Path.of("k8s");
  static final Set<String> ROLES = Set.of("worker", "api");

  static ConfigurationKeys known;
  static List<Map<String, Object>> documents;

  @BeforeAll
  static void load() throws IOException {
    known = ConfigurationKeys.collect();
    documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          for (Object document : new Yaml().loadAll(in)) {
            if (document != null) {
              Map<String, Object> manifest = map(document);
              manifest.put("__file", file.getFileName().toString());
              documents.add(manifest);
            }
          }
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertTrue(o instanceof Map, "not a mapping: " + o);
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  static Object at(Map<String, Object> root, String... path) {
    Object here = root;
    for (String step : path) {
      if (!(here instanceof Map<?, ?> m)) {
        return null;
      }
      here = m.get(step);
    }
    return here;
  }

  static List<Map<String, Object>> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  static String name(Map<String, Object> manifest) {
    return (String) at(manifest, "metadata", "name");
  }

  static List<Map<String, Object>> containers(Map<String, Object> deployment) {
    return list(at(deployment, "spec", "template", "spec", "containers")).stream()
        .map(KubernetesManifestsTest::map)
        .toList();
  }

  @Test
  void everyManifestShouldParseAndBeListedInTheKustomization() throws IOException {
    Set<String> files = new TreeSet<>();
    for (Map<String, Object> d : documents) {
      assertNotNull(d.get("apiVersion"), d.toString());
      assertNotNull(d.get("kind"), d.toString());
      files.add((String) d.get("__file"));
      if (!"Kustomization".equals(d.get("kind"))) {
        assertNotNull(name(d), "no metadata.name: " + d);
      }
    }
    Map<String, Object> kustomization = ofKind("Kustomization").get(0);
    Set<String> listed =
        new TreeSet<>(
            list(kustomization.get("resources")).stream().map(String.class::cast).toList());
    files.remove("kustomization.yaml");
    assertEquals(files, listed, "deploy/k8s files vs kustomization resources");
    assertEquals(
        Set.of("ConfigMap", "Deployment", "Service", "Kustomization"),
        new TreeSet<>(documents.stream().map(d -> (String) d.get("kind")).toList()));
  }

  @Test
  void everyEnvironmentVariableTheyShouldSetIsAKeyOrVariableTheApplicationKnows() {
    List<String> unknown = new ArrayList<>();
    for (Map<String, Object> configMap : ofKind("ConfigMap")) {
      map(configMap.get("data")).keySet().stream()
          .filter(v -> !known.knows(v))
          .forEach(v -> unknown.add(name(configMap) + ": " + v));
    }
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Map<String, Object> container : containers(deployment)) {
        for (Object e : list(container.get("env"))) {
          String variable = (String) map(e).get("name");
          if (!known.knows(variable)) {
            unknown.add(name(deployment) + ": " + variable);
          }
        }
      }
    }
    assertEquals(
        List.of(),
        unknown,
        "variables that set nothing the application reads (known keys: " + known.keys + ")");
    // The mapping is real: a few variables and the keys they set.
    assertEquals("reprotect.temporal.task-queue", known.keyOf("REPROTECT_TEMPORAL_TASK_QUEUE"));
    assertEquals(
        "reprotect.site.vcenter.password-file",
        known.keyOf("REPROTECT_SITE_VCENTER_PASSWORD_FILE"));
    assertEquals(null, known.keyOf("REPROTECT_TEMPORAL_TARGETS"));
  }

  @Test
  void eachDeploymentShouldRunOneRoleReadTheSharedConfigAndProbeTheManagementEndpointsOnItsPort()
      throws IOException {
    Set<String> configMaps =
        new TreeSet<>(ofKind("ConfigMap").stream().map(KubernetesManifestsTest::name).toList());
    Set<String> roles = new TreeSet<>();
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Map<String, Object> container : containers(deployment)) {
        String role =
            list(container.get("env")).stream()
                .map(KubernetesManifestsTest::map)
                .filter(e -> "MICRONAUT_ENVIRONMENTS".equals(e.get("name")))
                .map(e -> (String) e.get("value"))
                .findFirst()
                .orElse(null);
        assertTrue(ROLES.contains(role), name(deployment) + " runs role " + role);
        assertTrue(Files.exists(Path.of("src/main/resources/application-" + role + ".yml")), role);
        roles.add(role);
        for (Object from : list(container.get("envFrom"))) {
          String ref = (String) at(map(from), "configMapRef", "name");
          assertTrue(
              configMaps.contains(ref),
              name(deployment) + " reads ConfigMap " + ref + ", not in deploy/k8s");
        }
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        String serverPort =
            list(container.get("env")).stream()
                .map(KubernetesManifestsTest::map)
                .filter(e -> "MICRONAUT_SERVER_PORT".equals(e.get("name")))
                .map(e -> (String) e.get("value"))
                .findFirst()
                .orElseThrow();
        assertEquals(Integer.parseInt(serverPort), port.get("containerPort"), name(deployment));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
          Map<String, Object> get = map(at(container, probe, "httpGet"));
          assertTrue(
              Set.of("/health/liveness", "/health/readiness").contains(get.get("path")),
              probe + " " + get);
          assertEquals(port.get("name"), get.get("port"), probe);
        }
        assertEquals("/health/readiness", at(container, "readinessProbe", "httpGet", "path"));
      }
    }
    assertEquals(ROLES, roles);
    // The endpoints sit at the root, where the probes ask (endpoints.all.path).
    assertTrue(
        known.keys.contains("endpoints.health.enabled")
            && known.keys.contains("endpoints.prometheus.sensitive"));
  }

  @Test
  void everyFileTheConfigurationNamesShouldBeMountedInEachContainerThatReadsIt() {
    Map<String, Object> config = map(ofKind("ConfigMap").get(0).get("data"));
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Map<String, Object> container : containers(deployment)) {
        List<String> mounts =
            list(container.get("volumeMounts")).stream()
                .map(m -> (String) map(m).get("mountPath"))
                .toList();
        String role =
            list(container.get("env")).stream()
                .map(KubernetesManifestsTest::map)
                .filter(e -> "MICRONAUT_ENVIRONMENTS".equals(e.get("name")))
                .map(e -> (String) e.get("value"))
                .findFirst()
                .orElseThrow();
        config.forEach(
            (variable, value) -> {
              boolean isFile = variable.endsWith("_FILE") || variable.endsWith("_INVENTORY");
              // The API never reaches a site: only the worker reads the site's files.
              boolean read = role.equals("worker") || !variable.startsWith("REPROTECT_SITE_");
              if (isFile && read) {
                String path = String.valueOf(value);
                assertTrue(
                    mounts.stream().anyMatch(m -> path.startsWith(m + "/")),
                    name(deployment)
                        + ": "
                        + variable
                        + "="
                        + path
                        + " is in no volume mount "
                        + mounts);
              }
            });
      }
    }
  }

  @Test
  void theManifestsShouldHoldNoSecretValue() throws IOException {
    assertEquals(List.of(), ofKind("Secret"), "secrets are created outside the manifests");
    for (Map<String, Object> configMap : ofKind("ConfigMap")) {
      for (String variable : map(configMap.get("data")).keySet()) {
        assertFalse(
            variable.matches(".*(PASSWORD|TOKEN|SECRET|API_KEY)$"),
            "a secret value in a ConfigMap: " + variable);
      }
    }
    for (Map<String, Object> deployment : ofKind("Deployment")) {
      for (Map<String, Object> container : containers(deployment)) {
        for (Object e : list(container.get("env"))) {
          Map<String, Object> env = map(e);
          if (((String) env.get("name")).matches(".*(PASSWORD|TOKEN|SECRET|API_KEY)$")) {
            assertNotNull(at(env, "valueFrom", "secretKeyRef"), "not from a Secret: " + env);
            assertEquals(null, env.get("value"), env.toString());
          }
        }
      }
    }
  }

  @Test
  void everyServiceShouldSelectADeploymentsPodsAndTargetItsNamedPort() {
    for (Map<String, Object> service : ofKind("Service")) {
      Map<String, Object> selector = map(at(service, "spec", "selector"));
      Map<String, Object> deployment =
          ofKind("Deployment").stream()
              .filter(
                  d ->
                      map(at(d, "spec", "template", "metadata", "labels"))
                          .entrySet()
                          .containsAll(selector.entrySet()))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(name(service) + " selects no Deployment's pods"));
      assertEquals(selector, map(at(deployment, "spec", "selector", "matchLabels")), name(service));
      Set<Object> portNames = new TreeSet<>();
      containers(deployment)
          .forEach(c -> list(c.get("ports")).forEach(p -> portNames.add(map(p).get("name"))));
      for (Object port : list(at(service, "spec", "ports"))) {
        assertTrue(
            portNames.contains(map(port).get("targetPort")), name(service) + " targets " + port);
      }
    }
  }

  @Test
  void theConfigurationReferenceShouldDocumentEveryKeyTheApplicationKnows() throws IOException {
    String reference = Files.readString(Path.of("CONFIGURATION.md"));
    List<String> missing =
        known.keys.stream()
            .filter(
                k ->
                    k.startsWith("reprotect.")
                        || k.startsWith("micronaut.server.port")
                        || FRAMEWORK.contains(k))
            .filter(k -> !reference.contains("`" + k + "`"))
            .toList();
    assertEquals(List.of(), missing, "keys missing from deploy/CONFIGURATION.md");
    for (String variable : known.environmentVariables) {
      assertTrue(
          reference.contains("`" + variable + "`"),
          "environment variable missing from deploy/CONFIGURATION.md: " + variable);
    }
  }

  static final Set<String> FRAMEWORK = ConfigurationKeys.FRAMEWORK_KEYS;
}
