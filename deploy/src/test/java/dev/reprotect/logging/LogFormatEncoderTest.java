package dev.reprotect.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The production logback.xml in both formats, on a logger context of its own. */
class LogFormatEncoderTest {

  /** Configure a fresh context from logback.xml with this format, log two lines, return stdout. */
  private static List<String> logWith(String format) throws Exception {
    URL config = LogFormatEncoderTest.class.getClassLoader().getResource("logback.xml");
    assertTrue(
        config != null && config.getPath().contains("/classes/"),
        "the production logback.xml: " + config);
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    // The events read the MDC that org.slf4j.MDC writes: the application's context's adapter.
    context.setMDCAdapter(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter());
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      if (format != null) {
        context.putProperty(LogFormatEncoder.VARIABLE, format);
      }
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(config);
      Logger log = context.getLogger("dev.reprotect.example");
      log.info("outside a step");
      MDC.put("workflowId", "reprotect-vm-web-01");
      MDC.put("vm", "vm-web-01");
      MDC.put("step", "PowerOff");
      try {
        log.info("PowerOff of {} done in {} ms (attempt {})", "vm-web-01", 212, 1);
      } finally {
        MDC.clear();
      }
    } finally {
      context.stop();
      System.setOut(original);
    }
    List<String> lines =
        out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    assertTrue(
        lines.size() == 2,
        "logged " + lines + "; logback said " + context.getStatusManager().getCopyOfStatusList());
    return lines;
  }

  @Test
  void givenNoFormat_itShouldWriteTextWithTheStepContextInBracketsOnlyWhenThereIsOne()
      throws Exception {
    List<String> lines = logWith(null);

    assertEquals(2, lines.size(), lines.toString());
    assertTrue(
        lines
            .get(0)
            .matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*] dev\\.reprotect\\.example - outside a step"),
        lines.get(0));
    assertTrue(
        lines
            .get(1)
            .endsWith(
                "dev.reprotect.example [reprotect-vm-web-01 vm-web-01 PowerOff] - PowerOff of vm-web-01 done in 212 ms (attempt 1)"),
        lines.get(1));
  }

  @Test
  void givenJson_itShouldWriteOneObjectALineWithTheFormattedMessageAndTheMdc() throws Exception {
    List<String> lines = logWith("JSON");

    assertEquals(2, lines.size(), lines.toString());
    ObjectMapper json = new ObjectMapper();
    JsonNode outside = json.readTree(lines.get(0));
    assertEquals("INFO", outside.path("level").asText());
    assertEquals("outside a step", outside.path("formattedMessage").asText());
    JsonNode step = json.readTree(lines.get(1));
    assertEquals("dev.reprotect.example", step.path("loggerName").asText());
    assertEquals(
        "PowerOff of vm-web-01 done in 212 ms (attempt 1)", step.path("formattedMessage").asText());
    assertEquals("reprotect-vm-web-01", step.path("mdc").path("workflowId").asText());
    assertEquals("vm-web-01", step.path("mdc").path("vm").asText());
    assertEquals("PowerOff", step.path("mdc").path("step").asText());
    assertTrue(step.path("timestamp").isNumber(), step.toString());
  }
}
