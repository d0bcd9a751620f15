package dev.devd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * devd's status page as a browser shows it: signs in through the link devd prints, reads the
 * overview's rows and states, and tells whether the page followed changes by push (its event
 * stream) rather than by reloading or polling.
 */
public final class StatusPage {
  private final WebDriver browser;
  private final Duration wait;
  private final List<String> sentPaths = new ArrayList<>();

  /**
   * The page in {@code browser}, waited for at most {@code wait}; requests sent before now are not
   * counted.
   */
  public StatusPage(WebDriver browser, Duration wait) {
    this.browser = browser;
    this.wait = wait;
    browser.manage().logs().get(LogType.PERFORMANCE);
  }

  /** Opens the sign-in link (the one with the token) and waits until the page follows devd live. */
  public void signIn(URI openUrl) {
    browser.get(openUrl.toString());
    await().atMost(wait).untilAsserted(() -> assertThat(text("#connection")).isEqualTo("live"));
  }

  public String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  public WebElement row(String resource) {
    return browser.findElement(By.cssSelector("#resources tr[data-resource='" + resource + "']"));
  }

  /** The state shown in the resource's row of the overview: pending, updating, ok, failed… */
  public String state(String resource) {
    return row(resource).findElement(By.cssSelector("td:nth-child(2) .state")).getText();
  }

  public Object script(String code) {
    return ((JavascriptExecutor) browser).executeScript(code);
  }

  /**
   * Marks the loaded page, so {@link #assertPushedNotPolled} can tell that it was never reloaded
   * since.
   */
  public void markLoaded() {
    script("window.devdNotReloaded = true");
  }

  /**
   * Asserts that the page followed changes since {@link #markLoaded} without a reload, without
   * polling /api/status or /api/logs, and over one event stream that was never reopened; {@code
   * requests} counts the requests for a path since sign-in (the server's count, or {@link
   * #requestsSent}).
   */
  public void assertPushedNotPolled(ToIntFunction<String> requests) {
    assertThat(script("return window.devdNotReloaded"))
        .as("the page was not reloaded")
        .isEqualTo(true);
    assertThat(requests.applyAsInt("/api/status")).as("requests that poll /api/status").isZero();
    assertThat(requests.applyAsInt("/api/logs")).as("requests that poll /api/logs").isZero();
    assertThat(requests.applyAsInt("/api/events"))
        .as("one event stream, never reopened")
        .isEqualTo(1);
  }

  /**
   * How many requests for {@code path} the browser sent since this page object was made, as its
   * DevTools network events tell (fetches and the event stream included), whatever the server
   * answered.
   */
  public int requestsSent(String path) {
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      Map<?, ?> event = new Json().toType(entry.getMessage(), Map.class);
      Map<?, ?> message = (Map<?, ?>) event.get("message");
      if (!"Network.requestWillBeSent".equals(message.get("method"))) continue;
      Map<?, ?> request = (Map<?, ?>) ((Map<?, ?>) message.get("params")).get("request");
      String url = (String) request.get("url");
      sentPaths.add(url.replaceFirst("^[a-z]+://[^/]*", "").replaceFirst("[?#].*", ""));
    }
    return (int) sentPaths.stream().filter(path::equals).count();
  }
}
