package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TemporalSettingsTest {

  @Test
  void givenHostAndPort_whenAskedForThePort_itShouldParseIt() {
    assertEquals(7233, new TemporalSettings("localhost:7233", "default", "reprotect", true).port());
    assertEquals(
        443, new TemporalSettings("temporal.example.org:443", "prod", "reprotect", false).port());
  }

  @Test
  void givenATargetWithoutPort_whenAskedForThePort_itShouldSayWhatIsExpected() {
    IllegalArgumentException wrong =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TemporalSettings("7233", "default", "reprotect", true).port());
    assertEquals("reprotect.temporal.target must be host:port, was 7233", wrong.getMessage());
  }
}
