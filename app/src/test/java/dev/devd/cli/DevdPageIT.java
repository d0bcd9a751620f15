package dev.devd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.testing.Chromium;
import dev.devd.testing.DevdProcess;
import dev.devd.testing.StatusPage;
import dev.devd.testing.TestProject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The status page of a real {@code devd up} (the packaged jar, its own temp project, {@code --port
 * 0}) in Chromium, signed in through the link devd printed on its terminal: a local resource whose
 * command appends a mark to a file each run, driven by saves of its deps and by the page's trigger
 * button. No containers: a local resource only.
 */
class DevdPageIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final Chromium chromium = new Chromium();

  @TempDir Path temp;
  private final String name = "marks-" + UUID.randomUUID().toString().substring(0, 8);
  private TestProject project;
  private DevdProcess devd;
  private WebDriver browser;
  private StatusPage page;

  // Each run appends a mark, then waits while the gate is closed, so a test can see a run that has
  // not ended yet.
  @BeforeEach
  void startDevd() throws IOException {
    browser = chromium.driver();
    project = new TestProject(temp);
    project.write("gate-open", "");
    project.write("src/app.txt", "version 1\n");
    project.write(
        "src/build.sh",
        """
        echo "run $(date +%s%N)" >> marks.txt
        while [ ! -e gate-open ]; do sleep 0.05; done
        echo "built app"
        """);
    project.write(
        "devd.yaml",
        """
        localResources:
          - name: %s
            cmd: sh src/build.sh
            deps: [src]
        """
            .formatted(name));
    devd = DevdProcess.start(temp, "up", "--port", "0");
    Matcher printed =
        await().atMost(WAIT).until(() -> DevdProcess.SIGN_IN.matcher(devd.stdout()), Matcher::find);
    page = new StatusPage(browser, WAIT);
    page.signIn(URI.create(printed.group().substring("status page: ".length())));
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state(name)).isEqualTo("ok"));
    assertThat(project.lines("marks.txt")).hasSize(1);
  }

  @AfterEach
  void stopDevd() throws IOException {
    if (devd != null) devd.close();
  }

  @Test
  void aSaveOfADepFileShowsUpdatingThenOkPushedWithoutReloadOrPolling() throws IOException {
    page.markLoaded();
    Files.delete(project.path("gate-open"));

    project.write("src/app.txt", "version 2\n");

    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state(name)).isEqualTo("updating"));
    assertThat(page.row(name).getText()).contains("1 file changed: src/app.txt");
    project.write("gate-open", "");
    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state(name)).isEqualTo("ok"));
    assertThat(page.row(name).getText()).contains("1 file changed: src/app.txt");
    assertThat(project.lines("marks.txt")).hasSize(2);
    page.assertPushedNotPolled(page::requestsSent);
  }

  @Test
  void theTriggerButtonRerunsTheCommand() {
    page.row(name)
        .findElement(By.cssSelector("button[aria-label='Trigger an update of " + name + "']"))
        .click();

    await().atMost(WAIT).untilAsserted(() -> assertThat(project.lines("marks.txt")).hasSize(2));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(page.state(name)).isEqualTo("ok");
              assertThat(page.row(name).getText()).contains("triggered by the user");
            });
  }

  @Test
  void aFailedRunShowsItsErrorAndItsHistoryEntry() {
    project.write(
        "src/build.sh",
        """
        echo "run $(date +%s%N)" >> marks.txt
        echo "src/app.c:3: error: expected ';'"
        exit 1
        """);

    await().atMost(WAIT).untilAsserted(() -> assertThat(page.state(name)).isEqualTo("failed"));
    assertThat(page.row(name).getText()).contains("`sh src/build.sh` exited with 1 after");

    page.row(name).findElement(By.linkText(name)).click();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(browser.findElements(By.cssSelector("#r-history tr"))).hasSize(3));
    List<WebElement> history = browser.findElements(By.cssSelector("#r-history tr"));
    assertThat(history.get(0).getText()).contains("1 file changed: src/build.sh", "failed");
    assertThat(history.get(1).getText())
        .startsWith("`sh src/build.sh` exited with 1 after")
        .endsWith("(its output is above)");
    assertThat(history.get(2).getText()).contains("first update", "ok");
    assertThat(page.text("#r-log")).contains("src/app.c:3: error: expected ';'");
  }
}
