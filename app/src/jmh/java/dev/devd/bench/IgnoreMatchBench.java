package dev.devd.bench;

import dev.devd.ignore.DockerIgnore;
import dev.devd.ignore.IgnoreRules;
import dev.devd.ignore.IgnoreSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ignore matching as the watcher does it for every event and every folder of the start-up walk: one
 * image's rules with 50 patterns (.dockerignore of the dep, the image's ignore, watch.ignore,
 * built-ins), asked about 1,000 paths of which about a third are ignored. Results are per path.
 * {@code regexpPatternsPerPath} asks the same paths of 10 patterns that only a regexp engine can
 * answer (escapes, braces, '|'), the path taken by the few projects that write such patterns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IgnoreMatchBench {
  static final int PATHS = 1000;

  // 50 patterns as projects write them: folders, extensions, globstars, character classes,
  // exceptions.
  private static final List<String> DOCKERIGNORE =
      List.of(
          "node_modules",
          "**/node_modules",
          ".git",
          "dist/",
          "build",
          "out",
          "target",
          "coverage",
          "**/*.log",
          "*.tmp",
          "*.swp",
          "**/.DS_Store",
          "**/__pycache__",
          "**/*.pyc",
          ".venv",
          "**/.idea",
          "**/.vscode",
          "docs/**/*.md",
          "!docs/README.md",
          "**/*.test.js",
          "**/*_test.go",
          "tmp/**",
          "**/[Tt]emp*",
          "logs/*/archive",
          "**/*.bak",
          "**/*.orig",
          "**/*~",
          "*.iml",
          "**/secrets/*.key",
          "!**/secrets/public.key",
          "vendor/**/testdata",
          "**/fixtures/large-*",
          "**/*.min.js.map",
          "cache/",
          ".cache",
          "**/generated/**",
          "!**/generated/keep.txt",
          "**/*.snap",
          "e2e/screenshots",
          "**/.terraform",
          "*.pem");
  private static final List<String> IMAGE_IGNORE =
      List.of("**/*.md", "!README.md", "scripts/dev-*", "**/*.csv", "assets/raw/**");
  private static final List<String> WATCH_IGNORE =
      List.of("**/*.log", "**/.cache", "**/tmp", "**/*.db");

  // Patterns whose Go regexp is more than a glob: the fast path (GlobMatcher) does not take them.
  private static final List<String> REGEXP_ONLY =
      List.of(
          "*.{js,ts}",
          "\\#*",
          "**/*.txt|*.md",
          "src/\\[draft\\]*",
          "**/[\\d]*.csv",
          "logs/a{2}*",
          "**/x\\ y",
          "**/[\\-_]*.tmp",
          "**/notes\\.md",
          "**/*.snap|*.orig");

  private IgnoreRules rules;
  private IgnoreRules regexpRules;
  private Path[] paths;
  private Path[] folders;

  @Setup
  public void setUp() throws Exception {
    Path root = Path.of("/project");
    Path web = root.resolve("web");
    rules =
        IgnoreRules.of(
            List.of(
                new IgnoreSource(
                    "devd.yaml: images[0].ignore", web, DockerIgnore.parse(IMAGE_IGNORE)),
                new IgnoreSource("web/.dockerignore", web, DockerIgnore.parse(DOCKERIGNORE)),
                new IgnoreSource(
                    "devd.yaml: watch.ignore", root, DockerIgnore.parse(WATCH_IGNORE))),
            Set.of());
    regexpRules =
        IgnoreRules.of(
            List.of(new IgnoreSource("web/.dockerignore", web, DockerIgnore.parse(REGEXP_ONLY))),
            Set.of());
    int patterns = DOCKERIGNORE.size() + IMAGE_IGNORE.size() + WATCH_IGNORE.size();
    if (patterns != 50) throw new IllegalStateException(patterns + " patterns, not 50");
    Random random = new Random(1);
    String[] dirs = {
      "src/app",
      "src/app/components",
      "src/lib/util",
      "node_modules/react/cjs",
      "dist/assets",
      "docs/guide",
      "src/generated/api",
      "test/fixtures",
      "assets/raw/img",
      "src/secrets",
      "logs/web/archive"
    };
    String[] names = {
      "index.ts",
      "App.tsx",
      "util.go",
      "util_test.go",
      "server.log",
      "README.md",
      "notes.md",
      "data.csv",
      "bundle.min.js.map",
      "Temp1.txt",
      "public.key",
      "private.key",
      "styles.css",
      "keep.txt",
      "a.snap"
    };
    paths = new Path[PATHS];
    folders = new Path[dirs.length];
    for (int i = 0; i < dirs.length; i++) folders[i] = web.resolve(dirs[i]);
    List<Path> all = new ArrayList<>();
    for (int i = 0; i < PATHS; i++) {
      all.add(
          web.resolve(dirs[random.nextInt(dirs.length)])
              .resolve("d" + random.nextInt(30))
              .resolve(names[random.nextInt(names.length)]));
    }
    paths = all.toArray(Path[]::new);
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public void ignoredByPerPath(Blackhole hole) {
    for (Path path : paths) hole.consume(rules.ignoredBy(path));
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public void ignoresPerPath(Blackhole hole) {
    for (Path path : paths) hole.consume(rules.ignores(path));
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public void regexpPatternsPerPath(Blackhole hole) {
    for (Path path : paths) hole.consume(regexpRules.ignores(path));
  }

  @Benchmark
  public void skipsDirectoryPerFolder(Blackhole hole) {
    hole.consume(rules.skipsDirectory(folders[3]));
  }
}
