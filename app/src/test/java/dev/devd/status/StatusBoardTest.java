package dev.devd.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.devd.runtime.PodSnapshot;
import dev.devd.status.ResourceStatus.CurrentPass;
import dev.devd.status.ResourceStatus.FinishedPass;
import dev.devd.status.ResourceStatus.LiveUpdate;
import dev.devd.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StatusBoardTest {
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
  private final ManualClock clock = new ManualClock(START);
  private final StatusBoard board = new StatusBoard(clock, 3);

  private ResourceStatus status(String name) {
    return board.status(name).orElseThrow();
  }

  private static List<String> texts(LogPage page) {
    return page.lines().stream().map(LogLine::prefixed).toList();
  }

  @Test
  void aRegisteredResourceIsPendingUntilItsFirstUpdate() {
    board.register("web", "image", "auto");

    assertThat(board.snapshot())
        .containsExactly(
            new ResourceStatus(
                "web",
                "image",
                "auto",
                List.of(),
                true,
                ResourceState.PENDING,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                0,
                List.of()));
  }

  @Test
  void anUpdateIsUpdatingWhileItRunsThenRecordsItsReasonDurationAndRef() {
    board.register("web", "image", "auto");
    clock.advance(Duration.ofSeconds(5));

    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    assertThat(status("web").state()).isEqualTo(ResourceState.UPDATING);
    assertThat(status("web").currentPass())
        .contains(new CurrentPass("first update", PassKind.BUILD, START.plusSeconds(5)));

    clock.advance(Duration.ofMillis(1500));
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-3f2a9c01d2e4b7a6"));

    ResourceStatus web = status("web");
    assertThat(web.state()).isEqualTo(ResourceState.OK);
    assertThat(web.currentPass()).isEmpty();
    assertThat(web.deployedRef()).contains("web:devd-3f2a9c01d2e4b7a6");
    assertThat(web.lastPass())
        .contains(
            new FinishedPass(
                "first update",
                PassKind.BUILD,
                START.plusSeconds(5),
                Duration.ofMillis(1500),
                true,
                Optional.empty(),
                Optional.of("web:devd-3f2a9c01d2e4b7a6"),
                0));
    assertThat(web.history()).containsExactly(web.lastPass().orElseThrow());
    assertThat(web.lastPass().orElseThrow().finishedAt()).isEqualTo(START.plusMillis(6500));
  }

  @Test
  void aFailedUpdateKeepsTheRefDeployedBefore() {
    board.register("web", "image", "auto");
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-aaaaaaaaaaaaaaaa"));
    board.passStarted("web", new PassStart("1 file changed: index.html", PassKind.BUILD));
    clock.advance(Duration.ofSeconds(2));

    board.passEnded("web", PassEnd.failed(PassKind.BUILD, "build failed: `make` exited with 2"));

    ResourceStatus web = status("web");
    assertThat(web.state()).isEqualTo(ResourceState.FAILED);
    assertThat(web.lastPass().orElseThrow().error()).contains("build failed: `make` exited with 2");
    assertThat(web.lastPass().orElseThrow().reason()).isEqualTo("1 file changed: index.html");
    assertThat(web.deployedRef()).contains("web:devd-aaaaaaaaaaaaaaaa");
  }

  @Test
  void aFailureWithoutAMessageStillSaysItFailed() {
    board.register("tests", "local", "manual");
    board.passStarted("tests", new PassStart("triggered by the user", PassKind.BUILD));
    board.passEnded(
        "tests", new PassEnd(PassKind.BUILD, false, Optional.empty(), Optional.empty(), 0));

    assertThat(status("tests").lastPass().orElseThrow().error()).contains("the update failed");
  }

  @Test
  void registeringAgainChangesSettingsAndKeepsHistoryAndLines() {
    board.register("web", "image", "auto", List.of("frontend"));
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-aaaaaaaaaaaaaaaa"));
    board.logLine("web", "built");
    assertThat(status("web").labels()).as("kept through updates").containsExactly("frontend");

    board.register("web", "image", "manual", List.of("frontend", "team-a"));

    assertThat(status("web").triggerMode()).isEqualTo("manual");
    assertThat(status("web").labels()).containsExactly("frontend", "team-a");
    assertThat(status("web").state()).isEqualTo(ResourceState.OK);
    assertThat(status("web").deployedRef()).contains("web:devd-aaaaaaaaaaaaaaaa");
    assertThat(texts(board.lines(Optional.of("web"), 0))).containsExactly("[web] built");
  }

  @Test
  void podsAndPendingChangesAreRecorded() {
    board.register("web", "kubernetes", "manual");
    PodSnapshot pod =
        new PodSnapshot(
            "web",
            "default",
            "web-5d9c",
            "Running",
            true,
            1,
            false,
            List.of("web:devd-a"),
            List.of("web"),
            START);

    board.pods("web", List.of(pod));
    board.pendingChanges("web", 2);

    assertThat(status("web").pods()).containsExactly(pod);
    assertThat(status("web").pendingChanges()).isEqualTo(2);
  }

  @Test
  void callsForAResourceThatIsNotRegisteredAreDropped() {
    board.register("web", "image", "auto");
    board.remove("web");

    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    board.passEnded("web", PassEnd.done(PassKind.BUILD));
    board.pendingChanges("api", 1);

    assertThat(board.snapshot()).isEmpty();
    assertThat(board.knows("web")).isFalse();
  }

  @Test
  void removingAResourceForgetsItsLines() {
    board.register("web", "image", "auto");
    board.logLine("web", "built");
    board.logLine("api", "built too");

    board.remove("web");

    assertThat(texts(board.lines(Optional.empty(), 0))).containsExactly("[api] built too");
  }

  @Test
  void aSnapshotDoesNotChangeAfterwards() {
    board.register("web", "image", "auto");
    List<ResourceStatus> before = board.snapshot();

    board.passStarted("web", new PassStart("first update", PassKind.BUILD));

    assertThat(before.getFirst().state()).isEqualTo(ResourceState.PENDING);
  }

  @Test
  void snapshotKeepsTheOrderOfRegistration() {
    board.register("zeta", "image", "auto");
    board.register("alpha", "local", "auto");

    assertThat(board.snapshot()).extracting(ResourceStatus::name).containsExactly("zeta", "alpha");
    assertThat(board.names()).containsExactly("zeta", "alpha");
  }

  @Test
  void aLiveUpdateKeepsTheDeployedRefAndSaysHowManyFilesItCopiedAndWhen() {
    board.register("web", "kubernetes", "auto");
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    board.passEnded("web", PassEnd.deployed(PassKind.BUILD, "web:devd-aaaaaaaaaaaaaaaa"));
    clock.advance(Duration.ofMinutes(42));

    board.passStarted(
        "web", new PassStart("3 files changed: a.html, b.css, c.js", PassKind.LIVE_UPDATE));
    clock.advance(Duration.ofMillis(300));
    board.passEnded("web", PassEnd.liveUpdated(3));

    ResourceStatus web = status("web");
    assertThat(web.deployedRef()).contains("web:devd-aaaaaaaaaaaaaaaa");
    assertThat(web.liveUpdate())
        .contains(new LiveUpdate(3, START.plus(Duration.ofMinutes(42)).plusMillis(300)));
    assertThat(web.lastPass().orElseThrow().kind()).isEqualTo(PassKind.LIVE_UPDATE);
    assertThat(web.lastPass().orElseThrow().syncedFiles()).isEqualTo(3);

    board.passStarted("web", new PassStart("1 file changed: Dockerfile", PassKind.BUILD));
    board.passEnded("web", PassEnd.deployed(PassKind.CACHED, "web:devd-bbbbbbbbbbbbbbbb"));

    assertThat(status("web").deployedRef()).contains("web:devd-bbbbbbbbbbbbbbbb");
    assertThat(status("web").liveUpdate())
        .as("a new deploy replaces the files copied before")
        .isEmpty();
  }

  @Test
  void aFailedLiveUpdateLeavesTheLiveUpdateBeforeIt() {
    board.register("web", "kubernetes", "auto");
    board.passStarted("web", new PassStart("first update", PassKind.BUILD));
    board.passEnded("web", PassEnd.liveUpdated(1));
    LiveUpdate before = status("web").liveUpdate().orElseThrow();

    board.passStarted("web", new PassStart("1 file changed: a.html", PassKind.LIVE_UPDATE));
    board.passEnded(
        "web", PassEnd.failed(PassKind.LIVE_UPDATE, "run \"make\" in web: exited with 2"));

    assertThat(status("web").liveUpdate()).contains(before);
    assertThat(status("web").state()).isEqualTo(ResourceState.FAILED);
  }

  @Test
  void theHistoryKeepsTheLastTwentyPassesOldestFirst() {
    board.register("web", "image", "auto");
    for (int i = 1; i <= StatusBoard.HISTORY + 5; i++) {
      board.passStarted("web", new PassStart("pass " + i, PassKind.BUILD));
      clock.advance(Duration.ofSeconds(1));
      board.passEnded(
          "web",
          i % 2 == 0
              ? PassEnd.done(PassKind.BUILD)
              : PassEnd.failed(PassKind.BUILD, "failed " + i));
    }

    List<FinishedPass> history = status("web").history();
    assertThat(history).hasSize(20);
    assertThat(history.getFirst().reason()).isEqualTo("pass 6");
    assertThat(history.getFirst().ok()).isTrue();
    assertThat(history.getLast().reason()).isEqualTo("pass 25");
    assertThat(history.getLast().error()).contains("failed 25");
    assertThat(history.getLast().duration()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anEndWithoutAStartIsRecordedWithNoDuration() {
    board.register("web", "kubernetes", "auto");

    board.passEnded(
        "web", PassEnd.failed(PassKind.LIVE_UPDATE, "cannot copy into web-5d9c: pod is gone"));

    FinishedPass last = status("web").lastPass().orElseThrow();
    assertThat(last.duration()).isEqualTo(Duration.ZERO);
    assertThat(last.error()).contains("cannot copy into web-5d9c: pod is gone");
  }

  @Test
  void linksAndEnabledAreRecorded() {
    board.register("web", "kubernetes", "auto");

    board.links(
        "web",
        List.of(
            ResourceLink.portForward("127.0.0.1", 8000, 80),
            ResourceLink.of("http://127.0.0.1:8000/admin")));
    board.enabled("web", false);

    assertThat(status("web").links())
        .containsExactly(
            new ResourceLink("http://127.0.0.1:8000/", "port-forward 8000 → 80"),
            new ResourceLink("http://127.0.0.1:8000/admin", ""));
    assertThat(status("web").enabled()).isFalse();
  }

  @Test
  void aPortForwardOnEveryAddressIsLinkedOnLoopback() {
    assertThat(ResourceLink.portForward("0.0.0.0", 8000, 80).url())
        .isEqualTo("http://127.0.0.1:8000/");
    assertThat(ResourceLink.portForward("::1", 8000, 80).url()).isEqualTo("http://[::1]:8000/");
  }

  @Test
  void aLinkMustBeAnHttpUrl() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResourceLink.of("javascript:alert(1)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid link \"javascript:alert(1)\": write an http:// or https:// URL with a host");
  }

  @Test
  void linesPrintedDuringAPassAreBuildLinesAndTheRestRuntime() {
    board.register("web", "kubernetes", "auto");
    board.logLine("web", "listening on :8080");
    board.passStarted("web", new PassStart("1 file changed: main.go", PassKind.BUILD));
    board.logLine("web", "go build ./...");
    board.passEnded("web", PassEnd.done(PassKind.BUILD));
    board.logLine("web", "listening on :8080 again");

    assertThat(board.lines(Optional.of("web"), 0).lines())
        .extracting(LogLine::text, LogLine::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("listening on :8080", LogLine.Source.RUNTIME),
            org.assertj.core.groups.Tuple.tuple("go build ./...", LogLine.Source.BUILD),
            org.assertj.core.groups.Tuple.tuple(
                "listening on :8080 again", LogLine.Source.RUNTIME));
  }

  @Test
  void awaitingChangesReturnsTheResourcesOnlyWhenOneChanged() throws InterruptedException {
    board.register("web", "image", "auto");
    StatusBoard.Changes first = board.awaitChanges(-1, Optional.empty(), 0, Duration.ZERO);
    assertThat(first.resources().orElseThrow())
        .extracting(ResourceStatus::name)
        .containsExactly("web");

    board.logLine("web", "a line");
    StatusBoard.Changes onlyALine =
        board.awaitChanges(first.version(), Optional.empty(), 0, Duration.ofMinutes(1));
    assertThat(onlyALine.resources()).isEmpty();
    assertThat(onlyALine.lines().lines()).extracting(LogLine::text).containsExactly("a line");

    CompletableFuture<StatusBoard.Changes> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return board.awaitChanges(
                    first.version(),
                    Optional.empty(),
                    onlyALine.lines().next(),
                    Duration.ofMinutes(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    board.pendingChanges("web", 2);

    await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
    assertThat(waiting.join().resources().orElseThrow().getFirst().pendingChanges()).isEqualTo(2);
    assertThat(waiting.join().lines().lines()).isEmpty();
  }

  @Test
  void eachResourceKeepsOnlyItsNewestLines() {
    for (int i = 1; i <= 5; i++) board.logLine("web", "web " + i);
    board.logLine("api", "api 1");

    assertThat(texts(board.lines(Optional.of("web"), 0)))
        .containsExactly("[web] web 3", "[web] web 4", "[web] web 5");
    assertThat(texts(board.lines(Optional.of("api"), 0))).containsExactly("[api] api 1");
  }

  @Test
  void aBatchOfMoreLinesThanAreKeptDecodesOnlyTheNewest() {
    board.logLine("web", "before");
    List<String> batch =
        new java.util.AbstractList<>() {
          @Override
          public String get(int index) {
            if (index < 7)
              throw new AssertionError("line " + index + " cannot stay, so it must not be decoded");
            return "line " + index;
          }

          @Override
          public int size() {
            return 10;
          }
        };

    board.logLines("web", batch);

    LogPage page = board.lines(Optional.of("web"), 0);
    assertThat(texts(page)).containsExactly("[web] line 7", "[web] line 8", "[web] line 9");
    assertThat(page.lines()).extracting(LogLine::sequence).containsExactly(9L, 10L, 11L);
  }

  @Test
  void linesAfterASequenceNumberComeInTheOrderPrinted() {
    board.logLine("web", "one");
    board.logLine("", "devd's own");
    board.logLine("api", "two");
    board.logLine("web", "three");

    LogPage all = board.lines(Optional.empty(), 0);
    assertThat(texts(all)).containsExactly("[web] one", "devd's own", "[api] two", "[web] three");
    assertThat(all.lines()).extracting(LogLine::sequence).containsExactly(1L, 2L, 3L, 4L);
    assertThat(all.next()).isEqualTo(4);

    assertThat(texts(board.lines(Optional.empty(), 2))).containsExactly("[api] two", "[web] three");
    assertThat(texts(board.lines(Optional.of("web"), 1))).containsExactly("[web] three");

    board.logLine("api", "four");
    LogPage newer = board.lines(Optional.empty(), all.next());
    assertThat(texts(newer)).containsExactly("[api] four");
    assertThat(newer.next()).isEqualTo(5);
  }

  @Test
  void anEmptyPageKeepsThePlaceOfTheNewestLine() {
    board.logLine("web", "one");
    board.logLine("api", "two");

    LogPage page = board.lines(Optional.of("web"), 1);

    assertThat(page.lines()).isEmpty();
    assertThat(page.next()).isEqualTo(2);
    assertThat(board.lines(Optional.of("nobody"), 0).lines()).isEmpty();
  }

  @Test
  void pagingSkipsLinesTheRingDropped() {
    StatusBoard small = new StatusBoard(clock, 2);
    small.logLine("web", "1");
    LogPage first = small.lines(Optional.empty(), 0);
    for (int i = 2; i <= 5; i++) small.logLine("web", Integer.toString(i));

    assertThat(texts(small.lines(Optional.empty(), first.next())))
        .containsExactly("[web] 4", "[web] 5");
  }

  @Test
  void linesCarryTheTimeTheyWereLogged() {
    clock.advance(Duration.ofSeconds(3));
    board.logLine("web", "one");

    assertThat(board.lines(Optional.empty(), 0).lines().getFirst().time())
        .isEqualTo(START.plusSeconds(3));
  }

  @Test
  void textWithLineBreaksBecomesOneLineEach() {
    board.logLine("web", "devd.yaml:2:3: bad\r\ndevd.yaml has 1 problem");

    assertThat(texts(board.lines(Optional.empty(), 0)))
        .containsExactly("[web] devd.yaml:2:3: bad", "[web] devd.yaml has 1 problem");
  }

  @Test
  void aVeryLongLineIsCut() {
    board.logLine("web", "x".repeat(StatusBoard.MAX_LINE_LENGTH + 10));

    String text = board.lines(Optional.empty(), 0).lines().getFirst().text();
    assertThat(text)
        .startsWith("x".repeat(StatusBoard.MAX_LINE_LENGTH) + " … (10 more characters)");
  }

  @Test
  void linesOfNoResourceAreDevdsOwn() {
    board.logLine(null, "devd is watching");

    LogLine line = board.lines(Optional.of(""), 0).lines().getFirst();
    assertThat(line.resource()).isEmpty();
    assertThat(line.prefixed()).isEqualTo("devd is watching");
    assertThat(board.knows("")).isTrue();
  }

  @Test
  void awaitingLinesReturnsWhenOneIsLogged() {
    board.logLine("api", "old");
    CompletableFuture<LogPage> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return board.awaitLines(Optional.of("web"), 1, Duration.ofMinutes(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });

    board.logLine("api", "not this one");
    board.logLine("web", "this one");

    await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
    assertThat(texts(waiting.join())).containsExactly("[web] this one");
  }

  @Test
  void awaitingLinesGivesAnEmptyPageWhenNoneCame() throws InterruptedException {
    board.logLine("web", "old");

    LogPage page = board.awaitLines(Optional.empty(), 1, Duration.ZERO);

    assertThat(page.lines()).isEmpty();
    assertThat(page.next()).isEqualTo(1);
  }
}
