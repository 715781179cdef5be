package dev.reprotect.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.simulated.SimulatedSite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Inventory fixtures: a valid base ({@code fixtures/base.yaml}, request {@link #BASE_REQUEST}) plus
 * overlays. An overlay has two keys: {@code request} (fields of the request to change) and {@code
 * set} (paths into the inventory, e.g. {@code masterTargets[mt-win-01].snapshots}, where {@code
 * [x]} picks the list element whose name or path is x, or index x, and the value replaces what is
 * there).
 */
public final class Fixtures {

  public static final String BASE = "/fixtures/base.yaml";
  public static final Map<String, Object> BASE_REQUEST =
      Map.of(
          "replicatedItem",
          "vm-a",
          "masterTarget",
          "mt-win-01",
          "processServer",
          "ps-azure-01",
          "datastore",
          "vmfs-01",
          "retentionDrive",
          "R:");

  private static final YAMLMapper YAML =
      (YAMLMapper) new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Fixtures() {}

  /** A loaded site and the request to check against it. */
  public record Fixture(SimulatedSite site, ReprotectRequest request) {}

  public static Fixture base(SimulatedSite.Options options) {
    return withOverlay("{}", options);
  }

  /** The base plus the overlay resource, e.g. {@code /fixtures/rules/MT_HAS_SNAPSHOTS.yaml}. */
  public static Fixture load(String overlayResource, SimulatedSite.Options options) {
    return withOverlay(resource(overlayResource), options);
  }

  /** The base plus an overlay given inline. */
  public static Fixture withOverlay(String overlayYaml, SimulatedSite.Options options) {
    try {
      ObjectNode inventory = (ObjectNode) YAML.readTree(resource(BASE));
      JsonNode overlay = YAML.readTree(overlayYaml);
      ObjectNode request = YAML.valueToTree(BASE_REQUEST);
      if (overlay != null && !overlay.isMissingNode() && !overlay.isNull()) {
        for (Iterator<String> keys = overlay.fieldNames(); keys.hasNext(); ) {
          String key = keys.next();
          if (!key.equals("request") && !key.equals("set")) {
            throw new IllegalArgumentException(
                "overlay key '" + key + "' is neither request nor set");
          }
        }
        if (overlay.has("request")) {
          overlay
              .get("request")
              .fields()
              .forEachRemaining(e -> request.set(e.getKey(), e.getValue()));
        }
        if (overlay.has("set")) {
          overlay
              .get("set")
              .fields()
              .forEachRemaining(e -> set(inventory, e.getKey(), e.getValue()));
        }
      }
      byte[] yaml = YAML.writeValueAsBytes(inventory);
      SimulatedSite site = SimulatedSite.load(new ByteArrayInputStream(yaml), "fixture", options);
      return new Fixture(site, YAML.treeToValue(request, ReprotectRequest.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the value at a path like {@code masterTargets[mt-win-01].volumes[R:].fileSystem}. */
  static void set(ObjectNode root, String path, JsonNode value) {
    List<String> segments = segments(path);
    JsonNode node = root;
    for (int i = 0; i < segments.size(); i++) {
      String seg = segments.get(i);
      boolean last = i == segments.size() - 1;
      int bracket = seg.indexOf('[');
      String field = bracket < 0 ? seg : seg.substring(0, bracket);
      String selector = bracket < 0 ? null : seg.substring(bracket + 1, seg.length() - 1);
      if (selector == null) {
        if (last) {
          ((ObjectNode) node).set(field, value);
          return;
        }
        node = node.get(field);
      } else {
        ArrayNode list = (ArrayNode) node.get(field);
        if (list == null) {
          throw new IllegalArgumentException("no list " + field + " in path " + path);
        }
        int index = indexOf(list, selector, path);
        if (last) {
          list.set(index, value);
          return;
        }
        node = list.get(index);
      }
      if (node == null) {
        throw new IllegalArgumentException("nothing at " + seg + " in path " + path);
      }
    }
  }

  private static int indexOf(ArrayNode list, String selector, String path) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      if (selector.equals(e.path("name").asText(null))
          || selector.equals(e.path("path").asText(null))) {
        return i;
      }
    }
    if (selector.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(selector);
    }
    throw new IllegalArgumentException("no element [" + selector + "] in path " + path);
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inBracket = false;
    for (char c : path.toCharArray()) {
      if (c == '[') inBracket = true;
      if (c == ']') inBracket = false;
      if (c == '.' && !inBracket) {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }
}
