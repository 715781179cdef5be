package dev.reprotect;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver (both installed by {@code
 * src/test/browser/install-chromium.sh}). The driver and browser are given explicitly, so Selenium
 * Manager never looks for or downloads anything; each session gets a fresh profile.
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of(System.getProperty("browser.binary", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("browser.driver", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  static ChromeDriver start(Path profiles) throws IOException {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      fail(
          "Chromium is not installed ("
              + BROWSER
              + ", "
              + DRIVER
              + "): run deploy/src/test/browser/install-chromium.sh"
              + " as root (apt-get install chromium chromium-driver), or build with -Dbrowser.skip=true");
    }
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    Files.createDirectories(profiles);
    Path profile = Files.createTempDirectory(profiles, "chromium-");
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(BROWSER.toFile())
            .addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1400",
                "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver
        .manage()
        .timeouts()
        .pageLoadTimeout(Duration.ofSeconds(60))
        .scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Saves the whole page as the browser shows it now as a PNG and returns its absolute path. */
  static Path screenshot(ChromeDriver driver, Path file) throws IOException {
    Object height = driver.executeScript("return document.documentElement.scrollHeight");
    int pageHeight = height instanceof Number n ? n.intValue() : 1400;
    driver
        .manage()
        .window()
        .setSize(new Dimension(1400, Math.max(800, Math.min(pageHeight + 40, 4000))));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file.toAbsolutePath();
  }
}
