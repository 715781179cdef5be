package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VCenterSiteFactoryTest {

  private static SiteSettings.VCenter settings(String passwordFile, String password) {
    return new SiteSettings.VCenter(
        "https://vc.example/sdk",
        "svc@vsphere.local",
        passwordFile,
        password,
        "vc-01",
        List.of("mt-01"),
        false,
        null,
        null,
        Duration.ofSeconds(30),
        Duration.ofHours(1));
  }

  @Test
  void givenAPasswordFile_whenLoggingIn_itIsReadEachTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pw");
    Files.writeString(file, "first\n");
    Supplier<String> password = VCenterSiteFactory.password(settings(file.toString(), "ignored"));
    assertEquals("first", password.get());
    Files.writeString(file, "rotated");
    assertEquals("rotated", password.get());
  }

  @Test
  void givenNoFile_whenLoggingIn_theConfiguredPasswordIsUsed_andNeverPrinted() {
    SiteSettings.VCenter vc = settings(null, "s3cret");
    if (System.getenv(VCenterSiteFactory.PASSWORD_ENV) == null) {
      assertEquals("s3cret", VCenterSiteFactory.password(vc).get());
    }
    assertFalse(vc.toString().contains("s3cret"));
  }
}
