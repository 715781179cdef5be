package dev.reprotect.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BytesTest {

  @ParameterizedTest(name = "{0} bytes read {1}")
  @CsvSource({
    "0, 0 B",
    "512, 512 B",
    "1023, 1023 B",
    "1024, 1 KiB",
    "1536, 1.5 KiB",
    "111185965, 106 MiB",
    "64424509440, 60 GiB",
    "12884901888, 12 GiB",
    "1073741823, 1 GiB",
    "1610612736, 1.5 GiB",
    "10737418240, 10 GiB",
    "1099511627776, 1 TiB",
    "-2048, -2 KiB",
    "9223372036854775807, 8 EiB"
  })
  void givenAByteCount_whenMadeReadable_itUsesTheLargestFittingBinaryUnit(
      long bytes, String readable) {
    assertEquals(readable, Bytes.readable(bytes));
  }

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({"111185965, 64424509440, 106 MiB of 60 GiB", "0, 0, 0 B of 0 B"})
  void givenProgress_whenMadeReadable_itReadsDoneOfTotal(long done, long total, String readable) {
    assertEquals(readable, Bytes.ofTotal(done, total));
  }
}
