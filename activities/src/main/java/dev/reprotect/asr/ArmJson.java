package dev.reprotect.asr;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reading ARM's JSON: fields that may be absent, arrays matched case-insensitively, timestamps. */
final class ArmJson {

  private ArmJson() {}

  static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (RuntimeException e) {
      try {
        return Instant.parse(timestamp);
      } catch (RuntimeException unreadable) {
        return null;
      }
    }
  }

  static boolean contains(JsonNode array, String value) {
    for (JsonNode e : array) {
      if (value.equalsIgnoreCase(e.asText())) {
        return true;
      }
    }
    return false;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(text(e, field)));
    return out;
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode e : array) {
      if (value != null && value.equalsIgnoreCase(text(e, field))) {
        return e;
      }
    }
    return null;
  }

  static String text(JsonNode node, String field) {
    return AsrError.text(node, field);
  }

  static String enc(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
