package dev.devd.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineSplitterTest {
  private static final int MAX = LineSplitter.MAX_LINE_BYTES;

  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter(lines::add);

  private void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    splitter.write(bytes, 0, bytes.length);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "one line           | 'a\\n'                | a",
        "two lines          | 'a\\nb\\n'             | a,b",
        "crlf               | 'a\\r\\nb\\r\\n'         | a,b",
        "empty lines        | '\\n\\n'               | '',''",
        "lone cr stays      | 'a\\rb\\n'             | a\\rb",
        "no final newline   | 'a\\nb'                | a,b",
        "final cr dropped   | 'a\\r'                 | a",
      })
  void splitsLines(String name, String input, String expected) {
    write(unescape(input));
    splitter.close();

    List<String> wanted = new ArrayList<>();
    for (String s : expected.split(",", -1)) wanted.add(unescape(s.equals("''") ? "" : s));
    assertThat(lines).containsExactlyElementsOf(wanted);
  }

  @Test
  void deliversEachLineAsSoonAsItsNewlineArrives() {
    write("first\nsec");
    assertThat(lines).containsExactly("first");

    write("ond\n");
    assertThat(lines).containsExactly("first", "second");
  }

  @Test
  void deliversNothingOnCloseWhenTheLastLineWasComplete() {
    write("a\n");
    splitter.close();
    splitter.close();

    assertThat(lines).containsExactly("a");
    assertThat(splitter.closed()).isCompleted();
  }

  @Test
  void decodesCharactersSplitAcrossWrites() {
    byte[] bytes = "é✓🚀\n".getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) splitter.write(b);

    assertThat(lines).containsExactly("é✓🚀");
  }

  @Test
  void cutsLongLinesIntoPiecesOfAtMostTheLimit() {
    write("x".repeat(2 * MAX + 5) + "\n");

    assertThat(lines).containsExactly("x".repeat(MAX), "x".repeat(MAX), "xxxxx");
  }

  @Test
  void keepsALineOfExactlyTheLimitWhole() {
    write("x".repeat(MAX) + "\nnext\n");

    assertThat(lines).containsExactly("x".repeat(MAX), "next");
  }

  @Test
  void neverCutsInsideACharacter() {
    // 'é' is two bytes; it would straddle the limit, so the first piece ends before it.
    write("x".repeat(MAX - 1) + "é" + "y\n");

    assertThat(lines).containsExactly("x".repeat(MAX - 1), "éy");
  }

  @Test
  void neverCutsInsideAFourByteCharacter() {
    write("x".repeat(MAX - 2) + "🚀" + "\n");

    assertThat(lines).containsExactly("x".repeat(MAX - 2), "🚀");
  }

  @Test
  void recognisesCrlfThatStraddlesTheLimit() {
    write("x".repeat(MAX - 1) + "\r" + "\n" + "z\n");

    assertThat(lines).containsExactly("x".repeat(MAX - 1), "z");
  }

  @Test
  void replacesInvalidUtf8InsteadOfFailing() {
    splitter.write(new byte[] {'a', (byte) 0xFF, 'b', '\n'}, 0, 4);

    assertThat(lines).containsExactly("a\uFFFDb");
  }

  @Test
  void goesOnAfterTheSinkThrows() {
    List<String> delivered = new ArrayList<>();
    LineSplitter failing =
        new LineSplitter(
            line -> {
              if (line.equals("boom")) throw new IllegalStateException("sink broke");
              delivered.add(line);
            });
    byte[] bytes = "boom\nafter\n".getBytes(StandardCharsets.UTF_8);

    failing.write(bytes, 0, bytes.length);

    assertThat(delivered).containsExactly("after");
  }

  @Test
  void handsOnTheLinesOfAWriteTogether() {
    List<Integer> batches = new ArrayList<>();
    LineSplitter batching =
        new LineSplitter(
            new OutputSink() {
              @Override
              public void line(String line) {
                throw new AssertionError("lines come together");
              }

              @Override
              public void lines(dev.devd.console.LineBatch batch) {
                batches.add(batch.size());
              }
            });
    byte[] bytes = "a\nb\nc\npartial".getBytes(StandardCharsets.UTF_8);

    batching.write(bytes, 0, bytes.length);
    batching.close();

    assertThat(batches).containsExactly(3, 1);
  }

  @Test
  void findsEveryLineEndWhereverItFallsInAWord() {
    // Random lines of ASCII, line feeds' neighbours (\r, \u000b), and multi-byte characters,
    // written in random pieces:
    // the lines must be those of a plain split, with each line decoded as UTF-8.
    Random random = new Random(42);
    String[] pieces = {"a", "b", "\r", "\u000b", "\t", "é", "✓", "🚀", " ", "0"};
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder line = new StringBuilder();
      int length = random.nextInt(30);
      for (int j = 0; j < length; j++) line.append(pieces[random.nextInt(pieces.length)]);
      if (line.toString().endsWith("\r"))
        line.append('x'); // a \r before the line feed is dropped; keep the test plain
      text.append(line).append('\n');
      expected.add(line.toString());
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);

    for (int at = 0; at < bytes.length; ) {
      int n = Math.min(bytes.length - at, 1 + random.nextInt(100));
      splitter.write(bytes, at, n);
      at += n;
    }
    splitter.close();

    assertThat(lines).containsExactlyElementsOf(expected);
  }

  @Test
  void decodesANonAsciiLineBesideAsciiOnesInTheSameWord() {
    write("ab\né\ncd\n");

    assertThat(lines).containsExactly("ab", "é", "cd");
  }

  private static String unescape(String s) {
    return s.strip().replace("'", "").replace("\\n", "\n").replace("\\r", "\r");
  }
}
