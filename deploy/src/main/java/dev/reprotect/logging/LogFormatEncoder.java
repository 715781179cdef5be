package dev.reprotect.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console's log format, chosen at start by {@code REPROTECT_LOG_FORMAT} (see logback.xml):
 * {@code json} writes one JSON object a line (logback's JsonEncoder: timestamp, level, thread,
 * logger, formatted message, MDC, throwable); anything else the text pattern. A choice in code
 * rather than in logback.xml because logback's conditionals need Janino, which we do not ship.
 */
public class LogFormatEncoder extends EncoderBase<ILoggingEvent> {

  public static final String JSON = "json";
  public static final String VARIABLE = "REPROTECT_LOG_FORMAT";

  private String format = "text";
  private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
  private Encoder<ILoggingEvent> delegate;

  /**
   * The format this process's environment (or system property) asks for, lower case; "text" when
   * unset.
   */
  public static String chosen() {
    String asked = System.getProperty(VARIABLE, System.getenv(VARIABLE));
    return asked == null || asked.isBlank()
        ? "text"
        : asked.trim().toLowerCase(java.util.Locale.ROOT);
  }

  public void setFormat(String format) {
    this.format = format == null ? "" : format.trim();
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    if (JSON.equalsIgnoreCase(format)) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(getContext());
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      // The formatted message only: the pattern and its arguments again would double each line.
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithFormattedMessage(true);
      delegate = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(getContext());
      text.setPattern(pattern);
      delegate = text;
    }
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
