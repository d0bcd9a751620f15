package dev.devd.config;

import dev.devd.config.YamlNode.Scalar;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks the {@code imageDeps} of all images together: each must name another image of {@code
 * images:}, and they must not form a cycle (an image cannot be built before itself). A cycle is
 * named in full: {@code a → b → a}.
 */
final class ImageDepsChecker {
  /** One image's ref and its {@code imageDeps} entries as written. */
  record Image(String ref, List<Scalar> deps) {
    Image {
      deps = List.copyOf(deps);
    }
  }

  private enum Mark {
    IN_PROGRESS,
    DONE
  }

  private final Problems problems;
  private final Map<String, Image> byRef = new HashMap<>();
  private final Map<String, Mark> marks = new HashMap<>();

  private ImageDepsChecker(Problems problems) {
    this.problems = problems;
  }

  /**
   * Reports unknown image deps and every cycle; images are given in the order of {@code images:}.
   */
  static void check(List<Image> images, Problems problems) {
    new ImageDepsChecker(problems).run(images);
  }

  private void run(List<Image> images) {
    for (Image image : images) byRef.putIfAbsent(image.ref(), image);
    List<String> refs = List.copyOf(new TreeSet<>(byRef.keySet()));
    for (Image image : images) {
      for (Scalar dep : image.deps()) {
        if (byRef.containsKey(dep.text())) continue;
        Optional<String> close = KeySuggester.closest(dep.text(), refs);
        String hint = close.isPresent() ? "did you mean \"" + close.get() + "\"? " : "";
        problems.add(
            dep,
            "no image has the ref \"" + dep.text() + "\"",
            hint + "the refs are: " + String.join(", ", refs));
      }
    }
    // Depth-first from each image in file order, so the same config always reports the same cycles.
    for (Image image : images) visit(image, new ArrayDeque<>());
  }

  private void visit(Image image, Deque<String> path) {
    if (marks.containsKey(image.ref())) return;
    marks.put(image.ref(), Mark.IN_PROGRESS);
    path.addLast(image.ref());
    for (Scalar dep : image.deps()) {
      Image next = byRef.get(dep.text());
      if (next == null) continue;
      if (marks.get(next.ref()) == Mark.IN_PROGRESS) {
        reportCycle(dep, path, next.ref());
      } else {
        visit(next, path);
      }
    }
    path.removeLast();
    marks.put(image.ref(), Mark.DONE);
  }

  private void reportCycle(Scalar closingDep, Deque<String> path, String start) {
    List<String> cycle = new ArrayList<>();
    boolean inCycle = false;
    for (String ref : path) {
      inCycle |= ref.equals(start);
      if (inCycle) cycle.add(ref);
    }
    cycle.add(start);
    problems.add(
        closingDep,
        "imageDeps form a cycle: " + String.join(" \u2192 ", cycle),
        "remove one of these imageDeps");
  }
}
