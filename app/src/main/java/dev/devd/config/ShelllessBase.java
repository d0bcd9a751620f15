package dev.devd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells, before anything is built, when an image will have no shell for sure: its Dockerfile (or
 * Containerfile) among its deps builds the final stage FROM a base known to have none: {@code
 * gcr.io/distroless/*} but its {@code :debug} variants, Chainguard's {@code static}, or {@code
 * scratch} with nothing copied in. Anything else may have a shell, and is left to the run-time
 * check. Reads the files; devd.yaml's checks use it for {@code restartProcess}.
 */
final class ShelllessBase {
  private static final List<String> FILE_NAMES = List.of("Dockerfile", "Containerfile");

  /** Where the Dockerfile names the base, and the base. */
  record Finding(Path dockerfile, int line, String base) {}

  private ShelllessBase() {}

  /**
   * The first Dockerfile among {@code deps} (files, or at the top of folders) whose final stage has
   * no shell.
   */
  static Optional<Finding> in(List<Path> deps) {
    for (Path dep : deps) {
      List<Path> candidates =
          Files.isDirectory(dep)
              ? FILE_NAMES.stream().map(dep::resolve).filter(Files::isRegularFile).toList()
              : isDockerfile(dep) ? List.of(dep) : List.of();
      for (Path dockerfile : candidates) {
        Optional<Finding> finding = finalStage(dockerfile);
        if (finding.isPresent()) return finding;
      }
    }
    return Optional.empty();
  }

  private static boolean isDockerfile(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    return Files.isRegularFile(file)
        && (FILE_NAMES.contains(name)
            || name.endsWith(".Dockerfile")
            || name.startsWith("Dockerfile.")
            || name.startsWith("Containerfile."));
  }

  private static Optional<Finding> finalStage(Path dockerfile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dockerfile);
    } catch (IOException e) {
      return Optional
          .empty(); // an unreadable Dockerfile is the build's problem, and says nothing about a
      // shell
    }
    int fromLine = -1;
    String base = "";
    List<String> stage = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String[] words = line.split("\\s+");
      String instruction = words[0].toUpperCase(Locale.ROOT);
      if (instruction.equals("FROM")) {
        fromLine = i + 1;
        base =
            List.of(words).stream()
                .skip(1)
                .filter(word -> !word.startsWith("--"))
                .findFirst()
                .orElse("");
        stage.clear();
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        stage.add(instruction);
      }
    }
    String lower = base.toLowerCase(Locale.ROOT);
    boolean distroless = lower.startsWith("gcr.io/distroless/") && !lower.contains("debug");
    boolean chainguardStatic = lower.matches("(cgr\\.dev/)?chainguard/static(:.*|@.*)?");
    boolean emptyScratch =
        lower.equals("scratch")
            && stage.stream().noneMatch(i -> i.equals("COPY") || i.equals("ADD"));
    if (fromLine < 0 || !(distroless || chainguardStatic || emptyScratch)) return Optional.empty();
    return Optional.of(new Finding(dockerfile, fromLine, base));
  }
}
