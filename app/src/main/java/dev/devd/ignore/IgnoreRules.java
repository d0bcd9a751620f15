package dev.devd.ignore;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything that decides whether a change to a file matters to one image or local resource: its
 * {@link IgnoreSource}s, the files it must never react to (such as its outputsImageRefTo file), and
 * devd's built-in ignores ({@code .git} and {@code .devd} folders and editor temp files, see {@link
 * BuiltInIgnores}).
 *
 * <p>A path is ignored when any source ignores it: an exception ({@code !x}) in one source never
 * re-includes what another ignores. Built-ins apply below the outermost source folder that holds
 * the path (so a project kept in a folder named like {@code backup~} is not ignored whole), or to
 * the file name alone when no source holds it.
 *
 * <p>Immutable and thread-safe. Called for every file event and every folder of the initial walk,
 * so a lookup does string work only: the path is turned into text once, each source folder that
 * holds it cuts out the relative path and finds its parents' ends once for all its patterns, and
 * plain globs never reach a regexp engine.
 */
public final class IgnoreRules {
  private final List<IgnoreSource> sources;
  private final Set<Path> ignoredFiles;
  private final Scope[] scopes; // sources in the given order, with their base as text
  private final String[] roots; // distinct bases as "base/", shortest first: where built-ins start
  private final Map<String, String> ignoredFileNames; // absolute path text -> how it is shown

  private record Scope(IgnoreSource source, String prefix) {}

  private IgnoreRules(List<IgnoreSource> sources, Set<Path> ignoredFiles) {
    this.sources = List.copyOf(sources);
    this.ignoredFiles =
        Set.copyOf(ignoredFiles.stream().map(f -> f.toAbsolutePath().normalize()).toList());
    this.scopes =
        this.sources.stream()
            .map(source -> new Scope(source, prefixOf(source.base())))
            .toArray(Scope[]::new);
    List<String> distinct = new ArrayList<>();
    for (Scope scope : scopes) {
      if (!distinct.contains(scope.prefix())) distinct.add(scope.prefix());
    }
    distinct.sort(Comparator.comparingInt(String::length));
    this.roots = distinct.toArray(new String[0]);
    Map<String, String> names = new HashMap<>();
    for (Path file : this.ignoredFiles) {
      String text = text(file);
      String root = rootOf(text);
      names.put(text, root == null ? text : text.substring(root.length()));
    }
    this.ignoredFileNames = Map.copyOf(names);
  }

  /**
   * @param sources each a base folder with its patterns; evaluated in this order when reporting
   *     which one ignored
   * @param ignoredFiles files ignored by exact path, such as an image's outputsImageRefTo file
   */
  public static IgnoreRules of(List<IgnoreSource> sources, Set<Path> ignoredFiles) {
    return new IgnoreRules(sources, ignoredFiles);
  }

  public List<IgnoreSource> sources() {
    return sources;
  }

  public Set<Path> ignoredFiles() {
    return ignoredFiles;
  }

  /**
   * Which pattern of which source ignores this file or folder, or empty when a change to it
   * matters.
   *
   * @param absolutePath a file or folder; a folder that is ignored does not by itself mean that
   *     everything below it is (see {@link #skipsDirectory})
   * @throws InvalidIgnorePatternException when a pattern evaluated for this path does not compile;
   *     never for rules whose patterns were all compiled up front, as {@link IgnoreRulesFactory}
   *     does
   */
  public Optional<IgnoreMatch> ignoredBy(Path absolutePath) {
    String path = textOfAbsolute(absolutePath);
    String shown = ignoredFileNames.get(path);
    if (shown != null) return Optional.of(new IgnoreMatch(shown, IgnoreMatch.BUILT_IN));
    String builtIn = BuiltInIgnores.patternFor(path, builtInStart(path));
    if (builtIn != null) return Optional.of(new IgnoreMatch(builtIn, IgnoreMatch.BUILT_IN));
    String lastPrefix = null;
    String relative = null;
    for (Scope scope : scopes) {
      String prefix = scope.prefix();
      if (!path.startsWith(prefix)) continue;
      if (!prefix.equals(lastPrefix)) {
        lastPrefix = prefix;
        relative = path.substring(prefix.length());
      }
      IgnorePattern pattern = scope.source().patterns().decide(relative);
      if (pattern != null)
        return Optional.of(new IgnoreMatch(pattern.text(), scope.source().name()));
    }
    return Optional.empty();
  }

  /** Whether a change to this file or folder is ignored; see {@link #ignoredBy}. */
  public boolean ignores(Path absolutePath) {
    return ignoredBy(absolutePath).isPresent();
  }

  /**
   * Whether this folder and everything that could ever appear below it are certainly ignored, so
   * the watcher never needs to register it with the OS. Conservative: false whenever an exception
   * ({@code !x}) of the source that ignores the folder could re-include something below it (see
   * {@link DockerIgnore#coversWholeDirectory}).
   */
  public boolean skipsDirectory(Path absoluteDir) {
    String path = textOfAbsolute(absoluteDir);
    // Built-ins work per component, so a folder they hit has everything below it hit as well.
    if (BuiltInIgnores.patternFor(path, builtInStart(path)) != null) return true;
    String lastPrefix = null;
    String relative = null;
    for (Scope scope : scopes) {
      String prefix = scope.prefix();
      if (!path.startsWith(prefix)) continue;
      if (!prefix.equals(lastPrefix)) {
        lastPrefix = prefix;
        relative = path.substring(prefix.length());
      }
      if (scope.source().patterns().coversWholeDirectory(relative)) return true;
    }
    return false;
  }

  /** Where the path below its outermost root starts; without a root, where its file name starts. */
  private int builtInStart(String path) {
    for (String root : roots) {
      if (path.startsWith(root)) return root.length();
      if (path.length() + 1 == root.length() && root.startsWith(path))
        return path.length(); // a root itself
    }
    return path.lastIndexOf('/') + 1;
  }

  private String rootOf(String path) {
    for (String root : roots) {
      if (path.startsWith(root)) return root;
    }
    return null;
  }

  private static String textOfAbsolute(Path path) {
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(
          "ignore rules need an absolute path, got \"" + path + "\"");
    }
    return text(path.normalize());
  }

  // Docker matches '/'-separated paths; on Windows the separators are turned around once here.
  private static String text(Path path) {
    String text = path.toString();
    return File.separatorChar == '/' ? text : text.replace(File.separatorChar, '/');
  }

  /**
   * "base/": a path is inside the base when it starts with this (the base itself is never ignored
   * by a source).
   */
  private static String prefixOf(Path base) {
    String text = text(base);
    return text.endsWith("/") ? text : text + "/";
  }

  @Override
  public String toString() {
    return "IgnoreRules" + sources.stream().map(IgnoreSource::name).toList();
  }
}
