package dev.devd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium, headless, driven by Selenium through its chromedriver: one browser for a test
 * class (register it as a static {@code @RegisterExtension} field), started before the class's
 * first test, signed out after each test. Each test is skipped with the reason in the report where
 * chromium or chromedriver is not installed ({@code scripts/test} installs both as root).
 */
public final class Chromium implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private Path profile;
  private ChromeDriverService service;
  private WebDriver browser;

  /** The browser; only within a test, after this extension started it. */
  public WebDriver driver() {
    if (browser == null)
      throw new IllegalStateException(
          "chromium starts before each test; register Chromium as an extension");
    return browser;
  }

  // Each test checks, so each one is reported as skipped with the reason (an assumption before all
  // reports nothing).
  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: "
            + CHROMIUM
            + " or "
            + CHROMEDRIVER
            + " is missing; install Debian's chromium and"
            + " chromium-driver (scripts/test does as root: apt-get install chromium chromium-driver)");
    if (browser != null) return;
    profile = Files.createTempDirectory("devd-status-page-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // A fresh profile, and nothing that reaches out to the network: this machine has none but
    // loopback.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
        "--user-data-dir=" + profile,
        "--window-size=1280,900");
    // The performance log carries the DevTools network events: the requests the page sent
    // (StatusPage counts them).
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (browser != null) browser.manage().deleteAllCookies();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (browser != null) browser.quit();
    if (service != null) service.stop();
    browser = null;
    service = null;
    if (profile != null) {
      try (var paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
