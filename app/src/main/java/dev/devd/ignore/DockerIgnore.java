package dev.devd.ignore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The patterns of one .dockerignore-style list, in order, with Docker's exact verdicts: what
 * moby/patternmatcher's {@code ignorefile.ReadAll}, {@code New} and {@code MatchesOrParentMatches}
 * compute. Patterns are anchored at the list's folder, a pattern that matches a folder covers
 * everything below it, the last pattern that hits decides, and {@code !} exceptions re-include.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class DockerIgnore {
  public static final DockerIgnore EMPTY = new DockerIgnore(List.of());

  private final List<IgnorePattern> patterns;
  private final IgnorePattern[] ordered; // the same, as an array for the hot loop

  private DockerIgnore(List<IgnorePattern> patterns) {
    this.patterns = List.copyOf(patterns);
    this.ordered = this.patterns.toArray(new IgnorePattern[0]);
  }

  /**
   * Reads the lines of an ignore file (comments, blanks, byte order mark, CR and {@code !}
   * included, as in the file).
   *
   * @throws InvalidIgnorePatternException for the first line Docker would refuse to load (a bare
   *     {@code !}, a broken character class, a trailing backslash); lines whose regexp Go rejects
   *     fail later, when they are evaluated
   */
  public static DockerIgnore parse(List<String> lines) throws InvalidIgnorePatternException {
    return new DockerIgnore(IgnoreFileReader.read(lines));
  }

  /**
   * Reads an ignore file; the line numbers of its patterns are the file's.
   *
   * @throws InvalidIgnorePatternException as {@link #parse}
   */
  public static DockerIgnore read(Path file) throws IOException, InvalidIgnorePatternException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    return parse(Arrays.asList(text.split("\n", -1)));
  }

  /**
   * Why Docker rejects this one line, when it loads it or when it first uses it; empty when it
   * accepts it. Config validation uses it to reject, up front, every pattern Docker could ever fail
   * on.
   *
   * @return what is wrong and what to do, e.g. {@code invalid pattern "[a-": unclosed character
   *     class; close it with "]", or write "\[" to match a "["}
   */
  public static Optional<String> problemWith(String patternLine) {
    try {
      parse(List.of(patternLine)).checkAllCompile();
      return Optional.empty();
    } catch (InvalidIgnorePatternException e) {
      return Optional.of(e.getMessage());
    }
  }

  public List<IgnorePattern> patterns() {
    return patterns;
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /**
   * Compiles every pattern now, so a pattern Docker would only reject when it first evaluates it
   * (such as {@code [z-a]}) is reported at load time.
   *
   * @throws InvalidIgnorePatternException for the first pattern that does not compile
   */
  public void checkAllCompile() throws InvalidIgnorePatternException {
    for (IgnorePattern pattern : ordered) pattern.compile();
  }

  /**
   * The pattern that makes Docker leave this path out, or empty when Docker keeps it. The context
   * root ({@code .}, {@code ""}) is never ignored.
   *
   * @param relativePath '/'-separated, relative to the list's folder; cleaned here like Go's
   *     path.Clean
   * @throws InvalidIgnorePatternException when a pattern evaluated for this path does not compile,
   *     as in Docker
   */
  public Optional<IgnorePattern> decidingPattern(String relativePath)
      throws InvalidIgnorePatternException {
    return Optional.ofNullable(decide(GoPathCleaner.clean(relativePath)));
  }

  /** Whether Docker leaves this path out; see {@link #decidingPattern}. */
  public boolean ignores(String relativePath) throws InvalidIgnorePatternException {
    return decide(GoPathCleaner.clean(relativePath)) != null;
  }

  /**
   * Docker's MatchesOrParentMatches, reporting the pattern that decided: null when the path is
   * kept.
   *
   * @param path already cleaned
   */
  IgnorePattern decide(String path) {
    int index = deciderIndex(path);
    return index < 0 ? null : ordered[index];
  }

  /** Index of the pattern that decided "ignored", or -1 when the path is kept. */
  private int deciderIndex(String path) {
    if (ordered.length == 0 || path.equals(".")) return -1;
    CleanPath parts = CleanPath.of(path);
    int decider = -1;
    for (int i = 0; i < ordered.length; i++) {
      IgnorePattern pattern = ordered[i];
      // An inclusion cannot change "ignored" and an exception cannot change "kept", so Docker skips
      // them (and never
      // compiles them, which decides whether a bad pattern raises an error).
      if (pattern.isExclusion() != (decider >= 0)) continue;
      if (pattern.matchesSelfOrParent(parts)) decider = pattern.isExclusion() ? -1 : i;
    }
    return decider;
  }

  /**
   * Whether this folder and everything that could ever appear below it are ignored, so a watcher
   * can skip it whole. Like Tilt's MatchesEntireDir, with Docker's matching, and conservative: the
   * folder must be ignored, and no exception after the pattern that ignores it may be able to match
   * anything below it. An exception "may" when its fixed leading text could start a path below the
   * folder ({@code !node_modules/keep}, {@code !pkg/**&#47;*.go}) or when it has no fixed leading
   * text at all ({@code !**&#47;keep}, {@code !*.go}, {@code !?/x}).
   *
   * @param relativeDir '/'-separated, relative to the list's folder
   */
  public boolean coversWholeDirectory(String relativeDir) throws InvalidIgnorePatternException {
    String dir = GoPathCleaner.clean(relativeDir);
    if (dir.equals(".")) return false;
    int decider = deciderIndex(dir);
    if (decider < 0) return false;
    String below = dir.equals("/") ? "/" : dir + "/";
    for (int i = decider + 1; i < ordered.length; i++) {
      if (ordered[i].isExclusion() && mayMatchBelow(ordered[i], below)) return false;
    }
    return true;
  }

  private static boolean mayMatchBelow(IgnorePattern exception, String below) {
    String pattern = exception.pattern();
    return switch (exception.kind()) {
      case EXACT -> pattern.startsWith(below);
      case PREFIX -> overlap(pattern.substring(0, pattern.length() - 2), below);
      case SUFFIX -> true;
      case REGEXP -> overlap(DockerPatternTranslator.literalPrefix(pattern), below);
    };
  }

  /** Some string starts with both. */
  private static boolean overlap(String a, String b) {
    return a.startsWith(b) || b.startsWith(a);
  }

  @Override
  public String toString() {
    return patterns.toString();
  }
}
