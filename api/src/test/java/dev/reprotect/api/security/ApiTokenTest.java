package dev.reprotect.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Where the static token comes from, and the generated one printed once. */
class ApiTokenTest {

  static String printed(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void givenAConfiguredToken_itShouldMatchOnlyItAndPrintNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ApiToken token = new ApiToken("s3cret", "from-env", false, new PrintStream(out));
    assertTrue(token.matches("s3cret"));
    assertFalse(token.matches("from-env"));
    assertFalse(token.matches("s3cre"));
    assertFalse(token.matches(null));
    assertEquals("", printed(out));
  }

  @Test
  void givenOnlyTheEnvironmentVariable_itShouldUseIt() {
    ApiToken token =
        new ApiToken("", "from-env", false, new PrintStream(new ByteArrayOutputStream()));
    assertTrue(token.matches("from-env"));
  }

  @Test
  void givenNothingConfigured_itShouldGenerateOneAndPrintItOnce() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ApiToken token = new ApiToken(null, null, false, new PrintStream(out));
    String[] lines = printed(out).strip().split("\n");
    assertEquals(1, lines.length);
    String generated = lines[0].substring(lines[0].lastIndexOf(' ') + 1);
    assertTrue(generated.length() >= 40, generated);
    assertTrue(token.matches(generated));
  }

  @Test
  void givenOnlyAJwtSecret_itShouldGenerateNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ApiToken token = new ApiToken(null, null, true, new PrintStream(out));
    assertEquals("", printed(out));
    assertFalse(token.matches(""));
  }
}
