package dev.reprotect.cli;

import io.micronaut.core.annotation.Nullable;

/**
 * Why a command ends without success: its exit code, a message for people, and the API's answer
 * body when there was one (printed unchanged with {@code --output json}).
 */
public class CliFailure extends RuntimeException {

  private final int exitCode;
  private final String body;

  public CliFailure(
      int exitCode, String message, @Nullable String body, @Nullable Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.body = body;
  }

  /** A failure with no API answer behind it (bad file, unreachable API). */
  public static CliFailure of(int exitCode, String message) {
    return new CliFailure(exitCode, message, null, null);
  }

  public int exitCode() {
    return exitCode;
  }

  /** The API's answer body, or null. */
  @Nullable
  public String body() {
    return body;
  }
}
