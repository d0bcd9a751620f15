package dev.devd.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.devd.runtime.PodSnapshot;
import dev.devd.testing.Chromium;
import dev.devd.testing.ManualClock;
import dev.devd.testing.StatusPage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The status page in a real browser: Debian's chromium, driven through its chromedriver by
 * Selenium, against a real {@link StatusServer} on a free port fed by a real {@link StatusBoard}
 * that each test changes as the engine would. Skipped, with the reason in the report, where
 * chromium or chromedriver is not installed (see {@link Chromium}).
 */
class StatusPageIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @RegisterExtension static final Chromium chromium = new Chromium();

  // Ten minutes ago, moved on by the tests that tell a story, so the page shows durations and times
  // like a real day's.
  private final ManualClock clock = new ManualClock(Instant.now().minus(Duration.ofMinutes(10)));
  private final StatusBoard board = new StatusBoard(clock);
  private final List<String> triggered = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
  private StatusServer server;
  private WebDriver browser;
  private StatusPage page;

  @BeforeEach
  void startServer() throws IOException {
    browser = chromium.driver();
    page = new StatusPage(browser, WAIT);
    board.register("web", "kubernetes", "auto", List.of("frontend"));
    board.register("api", "kubernetes", "auto", List.of("backend"));
    board.register("unit-tests", "local", "manual");
    server =
        StatusServer.start(
            board,
            name -> board.names().contains(name) && triggered.add(name),
            (name, enabled) -> {
              if (!board.names().contains(name)) return false;
              board.enabled(name, enabled);
              return true;
            },
            0);
    browser.manage().window().setSize(new Dimension(1280, 900));
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server == null) return; // skipped
    server.close();
    for (AutoCloseable closeable : closeAtEnd) closeable.close();
  }

  private void signIn() {
    page.signIn(server.openUrl());
  }

  @Test
  void thePageOpensWithTheTokenFromTheTerminalLinkAndKeepsItOutOfTheAddressAndScripts() {
    browser.get(server.url().toString());
    assertThat(page.text("body")).contains("Open the link devd up printed on its terminal");

    signIn();

    assertThat(browser.getCurrentUrl()).isEqualTo(server.url().toString());
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("web")).isEqualTo("pending"));
    assertThat(browser.getPageSource()).doesNotContain(server.token());
    assertThat(page.script("return document.cookie")).as("the cookie is HttpOnly").isEqualTo("");
  }

  @Test
  void aStatusChangeGoesUpdatingThenOkWithoutReloadOrPolling() {
    signIn();
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("web")).isEqualTo("pending"));
    page.markLoaded();

    board.passStarted("web", new PassStart("1 file changed: web/index.html", PassKind.BUILD));
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("web")).isEqualTo("updating"));
    assertThat(page.row("web").getText()).contains("build: 1 file changed: web/index.html");

    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-3f2a9c01d2e4b7a6"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("web")).isEqualTo("ok"));
    assertThat(page.row("web").getText()).contains("web:devd-3f2a9c01d2e4b7a6");

    page.assertPushedNotPolled(server::requests);
  }

  @Test
  void theDeployedRefStaysBesideALiveUpdate() {
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-3f2a9c01d2e4b7a6"));
    signIn();

    board.passStarted(
        "web", new PassStart("3 files changed: a.html, b.css, c.js", PassKind.LIVE_UPDATE));
    board.passEnded("web", PassEnd.liveUpdated(3));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(page.row("web").getText())
                    .contains("web:devd-3f2a9c01d2e4b7a6")
                    .containsPattern("live-updated 3 files at \\d\\d:\\d\\d"));
  }

  @Test
  void theTriggerButtonTriggersTheResource() {
    signIn();

    page.row("unit-tests")
        .findElement(By.cssSelector("button[aria-label='Trigger an update of unit-tests']"))
        .click();

    await().atMost(WAIT).untilAsserted(() -> assertThat(triggered).containsExactly("unit-tests"));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(page.text("#message")).isEqualTo("update of unit-tests triggered"));
  }

  @Test
  void theTriggerButtonWorksFromTheKeyboard() {
    signIn();
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("api")).isEqualTo("pending"));
    WebElement button =
        page.row("api").findElement(By.cssSelector("button[aria-label^='Trigger']"));

    // Tab through the page's controls, as a keyboard user does, until the button has the focus;
    // then press Enter.
    for (int i = 0; i < 40 && !browser.switchTo().activeElement().equals(button); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
    }
    assertThat(browser.switchTo().activeElement()).isEqualTo(button);
    new Actions(browser).sendKeys(Keys.ENTER).perform();

    await().atMost(WAIT).untilAsserted(() -> assertThat(triggered).containsExactly("api"));
  }

  @Test
  void aFailedPassShowsItsErrorAndItsHistoryEntry() {
    board.passStarted("api", new PassStart("first update", PassKind.BUILD));
    board.passEnded("api", PassEnd.deployed(PassKind.BUILD, "api:devd-aaaaaaaaaaaaaaaa"));
    signIn();

    board.passStarted("api", new PassStart("1 file changed: api/main.go", PassKind.BUILD));
    board.passEnded(
        "api",
        PassEnd.failed(
            PassKind.BUILD,
            "build failed: `go build` exited with 1 after 2.1s\nmain.go:3: syntax error"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("api")).isEqualTo("failed"));
    assertThat(page.row("api").getText())
        .contains(
            "build failed: `go build` exited with 1 after 2.1s …",
            "still running api:devd-aaaaaaaaaaaaaaaa");

    page.row("api").findElement(By.linkText("api")).click();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(browser.findElements(By.cssSelector("#r-history tr"))).hasSize(3));
    List<WebElement> history = browser.findElements(By.cssSelector("#r-history tr"));
    assertThat(browser.getCurrentUrl()).isEqualTo(server.url().resolve("/r/api").toString());
    assertThat(history.get(0).getText()).contains("1 file changed: api/main.go", "build", "failed");
    assertThat(history.get(1).getText())
        .isEqualTo("build failed: `go build` exited with 1 after 2.1s\nmain.go:3: syntax error");
    assertThat(history.get(2).getText())
        .contains("first update", "ok", "api:devd-aaaaaaaaaaaaaaaa");
  }

  @Test
  void aLinkOpensTheForwardedPort() throws IOException {
    HttpServer forwarded = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    forwarded.createContext(
        "/",
        exchange -> {
          byte[] body =
              "<!DOCTYPE html><title>web</title><p>hello from the forwarded port</p>"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    forwarded.start();
    closeAtEnd.add(() -> forwarded.stop(0));
    int port = forwarded.getAddress().getPort();
    board.links("web", List.of(ResourceLink.portForward("127.0.0.1", port, 80)));
    signIn();
    String pageWindow = browser.getWindowHandle();

    WebElement link =
        await()
            .atMost(WAIT)
            .until(
                () -> page.row("web").findElements(By.linkText("127.0.0.1:" + port)),
                links -> !links.isEmpty())
            .getFirst();
    link.click();

    await().atMost(WAIT).until(() -> browser.getWindowHandles().size() == 2);
    String opened =
        browser.getWindowHandles().stream()
            .filter(handle -> !handle.equals(pageWindow))
            .findFirst()
            .orElseThrow();
    browser.switchTo().window(opened);
    try {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(page.text("body")).isEqualTo("hello from the forwarded port"));
    } finally {
      browser.close();
      browser.switchTo().window(pageWindow);
    }
  }

  @Test
  void theResourceViewShowsOnlyItsOwnLogWithTimesAndABuildOrRuntimeFilter() {
    board.logLine("web", "listening on :8080");
    board.passStarted("web", new PassStart("1 file changed: web/index.html", PassKind.BUILD));
    board.logLine("web", "STEP 1/3 — Building Custom Build: [web]");
    board.logLine("api", "api's own line");
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-3f2a9c01d2e4b7a6"));
    board.logLine("web", "listening on :8080 again");
    browser.get(server.openUrl().toString().replace("/?", "/r/web?"));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(lines())
                    .containsExactly(
                        "listening on :8080",
                        "STEP 1/3 — Building Custom Build: [web]",
                        "listening on :8080 again"));
    assertThat(browser.getCurrentUrl()).isEqualTo(server.url().resolve("/r/web").toString());
    assertThat(page.text("#r-name")).isEqualTo("web");
    assertThat(browser.findElements(By.cssSelector("#r-log .line time")))
        .hasSize(3)
        .allSatisfy(time -> assertThat(time.getText()).matches("\\d\\d:\\d\\d:\\d\\d"));

    board.logLine("api", "api's second line");
    board.logLine("web", "a new line of web");
    await().atMost(WAIT).untilAsserted(() -> assertThat(lines()).endsWith("a new line of web"));
    assertThat(page.text("#r-log")).doesNotContain("api's");

    browser.findElement(By.cssSelector("input[name='log-filter'][value='build']")).click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(lines()).containsExactly("STEP 1/3 — Building Custom Build: [web]"));
    browser.findElement(By.cssSelector("input[name='log-filter'][value='runtime']")).click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(lines())
                    .containsExactly(
                        "listening on :8080", "listening on :8080 again", "a new line of web"));
  }

  // The texts of the log lines shown, without their times.
  private List<String> lines() {
    return browser.findElements(By.cssSelector("#r-log .line")).stream()
        .filter(WebElement::isDisplayed)
        .map(line -> line.getText().replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\s*", ""))
        .toList();
  }

  @Test
  void theResourceViewDisablesAndEnablesTheResource() {
    browser.get(server.openUrl().toString().replace("/?", "/r/unit-tests?"));
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(page.text("#r-switch")).isEqualTo("Disable"));

    browser.findElement(By.id("r-switch")).click();

    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(page.text("#r-state")).isEqualTo("disabled"));
    assertThat(page.text("#r-switch")).isEqualTo("Enable");
    browser.findElement(By.id("r-switch")).click();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(page.text("#r-state")).isEqualTo("pending"));
  }

  @Test
  void aDroppedConnectionIsShownAndThePageFollowsAgainWhenDevdAnswers() throws IOException {
    signIn();
    int port = server.port();
    String token = server.token();

    server.close();
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(page.text("#connection")).contains("not answering"));

    server =
        StatusServer.start(
            board, name -> true, Optional.empty(), port, StatusServer.HEARTBEAT, token);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(page.text("#connection")).isEqualTo("live"));
    board.passStarted("web", new PassStart("triggered by the user", PassKind.BUILD));
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("web")).isEqualTo("updating"));
  }

  @Test
  void thePageIsReadableOnALaptopAndOnANarrowWindow() throws IOException {
    showATypicalProject();
    signIn();
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state("api")).isEqualTo("failed"));
    assertThat(overflow()).as("no sideways scrolling at 1,280 px").isFalse();
    browser
        .manage()
        .window()
        .setSize(new Dimension(1280, 640)); // the README's picture: the table and a few log lines
    screenshot("status-page.png");

    browser.manage().window().setSize(new Dimension(420, 900));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(overflow()).as("no sideways scrolling at 420 px").isFalse());
    assertThat(browser.findElement(By.cssSelector(".resources thead")).isDisplayed())
        .as("rows became cards")
        .isFalse();
    assertThat(
            page.row("web")
                .findElement(By.cssSelector("td:nth-child(2)"))
                .getAttribute("data-label"))
        .isEqualTo("State");
    assertThat(page.row("web").getText()).contains("ok", "web:devd-3f2a9c01d2e4b7a6");
    screenshot("status-page-narrow.png");

    browser.manage().window().setSize(new Dimension(1280, 900));
    page.row("web").findElement(By.linkText("web")).click();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(browser.findElements(By.cssSelector("#r-history tr"))).hasSize(2));
    assertThat(overflow()).isFalse();
    screenshot("status-page-resource.png");
  }

  private boolean overflow() {
    return (Boolean) page.script("return document.documentElement.scrollWidth > window.innerWidth");
  }

  // Files under target/screenshots; the README's picture is status-page.png, copied to docs/ and
  // shrunk with pngquant.
  private void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Files.write(
        SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  // What a small project shows after a few saves: a live update, a failed build, a manual local
  // resource, pods, links.
  private void showATypicalProject() {
    board.register("db", "kubernetes", "auto", List.of("backend"));
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    board.logLine("web", "STEP 1/3 — Building Custom Build: [web]");
    clock.advance(Duration.ofMillis(8_400));
    board.logLine("web", "STEP 3/3 — Deploying");
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-3f2a9c01d2e4b7a6"));
    board.passStarted("api", new PassStart("first update", PassKind.BUILD));
    clock.advance(Duration.ofMillis(900));
    board.passEnded("api", PassEnd.deployed(PassKind.CACHED, "api:devd-aaaaaaaaaaaaaaaa"));
    board.passStarted("unit-tests", new PassStart("first update", PassKind.COMMAND));
    board.logLine("unit-tests", "Tests run: 42, Failures: 0");
    clock.advance(Duration.ofMillis(12_300));
    board.passEnded("unit-tests", PassEnd.done(PassKind.COMMAND));
    clock.advance(Duration.ofMinutes(6));
    board.passStarted(
        "web", new PassStart("2 files changed: web/index.html, web/app.css", PassKind.LIVE_UPDATE));
    clock.advance(Duration.ofMillis(240));
    board.logLine("web", "synced 2 files into web-5d9c6b7f8-x2k4q");
    board.passEnded("web", PassEnd.liveUpdated(2));
    board.pods(
        "web",
        List.of(
            new PodSnapshot(
                "web",
                "default",
                "web-5d9c6b7f8-x2k4q",
                "Running",
                true,
                0,
                false,
                List.of("web:devd-3f2a9c01d2e4b7a6"),
                List.of("web"),
                clock.instant())));
    board.links(
        "web",
        List.of(
            ResourceLink.portForward("127.0.0.1", 8000, 80),
            ResourceLink.of("http://127.0.0.1:8000/admin")));
    board.pods(
        "api",
        List.of(
            new PodSnapshot(
                "api",
                "default",
                "api-7f8d9c-m2n3b",
                "Running",
                true,
                1,
                false,
                List.of("api:devd-aaaaaaaaaaaaaaaa"),
                List.of("api"),
                clock.instant())));
    clock.advance(Duration.ofMinutes(2));
    board.logLine("web", "GET /index.html 200 3ms");
    board.passStarted("api", new PassStart("1 file changed: api/main.go", PassKind.BUILD));
    clock.advance(Duration.ofMillis(2_100));
    board.logLine(
        "api", "main.go:3:1: syntax error: non-declaration statement outside function body");
    board.passEnded(
        "api",
        PassEnd.failed(PassKind.BUILD, "build failed: `go build ./...` exited with 1 after 2.1s"));
    board.pendingChanges("unit-tests", 2);
    clock.advance(Duration.ofSeconds(30));
    board.passStarted("db", new PassStart("first update", PassKind.DEPLOY_ONLY));
    board.logLine(
        "", "devd is watching 3 folders for 3 resources and 1 local resource; Ctrl-C stops it");
  }
}
