package dev.reprotect.cli;

import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.http.ApiClient;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** What one command run works with: the API, JSON, where to print and how. */
public final class CliSession implements AutoCloseable {

  private final ApiClient api;
  private final JsonMapper json;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Output output;

  public CliSession(
      ApiClient api, JsonMapper json, PrintWriter out, PrintWriter err, Output output) {
    this.api = api;
    this.json = json;
    this.out = out;
    this.err = err;
    this.output = output;
  }

  public ApiClient api() {
    return api;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public boolean json() {
    return output == Output.json;
  }

  /** An answer's body as the record the text output renders. */
  public <T> T read(ApiAnswer answer, Class<T> type) {
    return read(answer.body(), type);
  }

  public <T> T read(String body, Class<T> type) {
    try {
      return json.readValue(body, Argument.of(type));
    } catch (IOException unreadable) {
      throw CliFailure.of(
          ExitCodes.UNAVAILABLE,
          "the API answered with a body the CLI cannot read as "
              + type.getSimpleName()
              + ": "
              + unreadable.getMessage());
    }
  }

  /** A request body as JSON text. */
  public String write(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (IOException unwritable) {
      throw new UncheckedIOException(unwritable);
    }
  }

  /**
   * An answer as the user asked for it: its body unchanged with --output json, otherwise read as
   * {@code type} and handed to {@code asText}.
   */
  public <T> void show(ApiAnswer answer, Class<T> type, Consumer<T> asText) {
    if (json()) {
      printBody(answer);
    } else {
      asText.accept(read(answer, type));
    }
  }

  /**
   * An answer as the user asked for it when its text is not a rendering of the body (an
   * acknowledgement, a report printed its own way): the body unchanged with --output json,
   * otherwise whatever {@code asText} prints.
   */
  public void showOr(ApiAnswer answer, Runnable asText) {
    if (json()) {
      printBody(answer);
    } else {
      asText.run();
    }
  }

  /** Prints an answer's body unchanged (for --output json), one document per line. */
  public void printBody(ApiAnswer answer) {
    out.println(answer.body().strip());
    out.flush();
  }

  @Override
  public void close() {
    out.flush();
    err.flush();
    api.close();
  }
}
