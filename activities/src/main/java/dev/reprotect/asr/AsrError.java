package dev.reprotect.asr;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An error as Site Recovery reports it: an ARM error body ({@code {"error": {code, message,
 * possibleCauses, recommendedAction}}}), a job's or task's {@code errors[].serviceErrorDetails}
 * (ServiceError: code, message, possibleCauses, recommendedAction, activityId), its {@code
 * providerErrorDetails} (errorCode, errorMessage, possibleCauses, recommendedAction), or an item's
 * health error (HealthError: errorCode, errorMessage, possibleCauses, recommendedAction). Shapes
 * from the Site Recovery REST reference and Azure/azure-rest-api-specs
 * (specification/recoveryservicessiterecovery, models ServiceError, ProviderError, JobErrorDetails,
 * HealthError). Any field may be null.
 */
public record AsrError(
    String code, String message, String possibleCauses, String recommendedAction) {

  /** From an ARM error response body; null when the body carries no error. */
  public static AsrError fromArmBody(JsonNode body) {
    JsonNode error = body == null ? null : body.get("error");
    if (error == null || !error.isObject()) {
      return null;
    }
    return new AsrError(
        text(error, "code"),
        text(error, "message"),
        text(error, "possibleCauses"),
        text(error, "recommendedAction"));
  }

  /** From one element of a job's or task's {@code errors[]} (JobErrorDetails). */
  public static AsrError fromJobError(JsonNode jobError) {
    JsonNode service = jobError.get("serviceErrorDetails");
    if (service != null && service.isObject() && text(service, "code") != null) {
      return new AsrError(
          text(service, "code"),
          text(service, "message"),
          text(service, "possibleCauses"),
          text(service, "recommendedAction"));
    }
    JsonNode provider = jobError.get("providerErrorDetails");
    if (provider != null && provider.isObject()) {
      JsonNode code = provider.get("errorCode");
      return new AsrError(
          code == null || code.isNull() ? null : code.asText(),
          text(provider, "errorMessage"),
          text(provider, "possibleCauses"),
          text(provider, "recommendedAction"));
    }
    return new AsrError(null, null, null, null);
  }

  /** From a HealthError of an item's healthErrors or a provider's validationErrors. */
  public static AsrError fromHealthError(JsonNode health) {
    String message = text(health, "errorMessage");
    return new AsrError(
        text(health, "errorCode"),
        message == null ? text(health, "summaryMessage") : message,
        text(health, "possibleCauses"),
        text(health, "recommendedAction"));
  }

  /**
   * "Site Recovery error 78052: message. Possible causes: causes" without a final period (the
   * recommended action is the fix, reported apart).
   */
  public String describe() {
    StringBuilder b = new StringBuilder("Site Recovery error");
    if (code != null) {
      b.append(' ').append(code);
    }
    b.append(": ").append(message == null ? "(no message)" : message.strip());
    if (possibleCauses != null && !possibleCauses.isBlank()) {
      b.append(b.charAt(b.length() - 1) == '.' ? " " : ". ")
          .append("Possible causes: ")
          .append(possibleCauses.strip());
    }
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == '.') {
      end--;
    }
    return b.substring(0, end);
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
