package dev.devd.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where a custom kind keeps an image ref ({@code k8sKinds[].imageJsonPath}), in the subset of
 * Kubernetes JSONPath that Tilt users write: {@code {.spec.image}}, {@code
 * {.spec.containers[*].image}}, {@code {.spec.jobs[0].image}}, with or without the braces, and
 * {@code ['odd.key']} for keys with dots. Filters, recursive descent and unions are not supported.
 */
public final class ImageJsonPath {

  /** One step down the tree. */
  sealed interface Step permits Field, Index, Wildcard {}

  record Field(String name) implements Step {}

  /** A list index; negative counts from the end, as in Kubernetes JSONPath. */
  record Index(int index) implements Step {}

  record Wildcard() implements Step {}

  private final String text;
  private final List<Step> steps;

  private ImageJsonPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * Parses a path; the exception's message says what is wrong with it, for a message that quotes
   * the path.
   */
  public static ImageJsonPath parse(String text) {
    String path = text.strip();
    if (path.startsWith("{") != path.endsWith("}"))
      throw new IllegalArgumentException("its braces do not match");
    if (path.startsWith("{")) path = path.substring(1, path.length() - 1).strip();
    if (path.startsWith("$")) path = path.substring(1);
    if (path.isEmpty()) throw new IllegalArgumentException("it is empty");
    if (!path.startsWith(".") && !path.startsWith("[")) path = "." + path;
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        if (path.startsWith("..", i))
          throw new IllegalArgumentException("recursive descent (..) is not supported");
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') end++;
        String name = path.substring(i + 1, end);
        if (name.isEmpty())
          throw new IllegalArgumentException("a key is missing after the dot at " + (i + 1));
        if (name.equals("*")) {
          throw new IllegalArgumentException(
              "wildcard keys (.*) are not supported; use [*] on a list");
        }
        if (!name.chars()
            .allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '/')) {
          throw new IllegalArgumentException(
              "\"" + name + "\" is not a plain key; write odd keys as ['" + name + "']");
        }
        steps.add(new Field(name));
        i = end;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        if (end < 0) throw new IllegalArgumentException("the [ at " + (i + 1) + " is not closed");
        steps.add(bracket(path.substring(i + 1, end).strip()));
        i = end + 1;
      } else {
        throw new IllegalArgumentException(
            "unexpected \"" + c + "\" at " + (i + 1) + "; steps start with . or [");
      }
    }
    return new ImageJsonPath(text, steps);
  }

  private static Step bracket(String inside) {
    if (inside.equals("*")) return new Wildcard();
    if (inside.matches("-?[0-9]+")) return new Index(Integer.parseInt(inside));
    if (inside.length() >= 2
        && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
        && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
      return new Field(inside.substring(1, inside.length() - 1));
    }
    if (inside.startsWith("?"))
      throw new IllegalArgumentException("filters ([?(...)]) are not supported");
    throw new IllegalArgumentException(
        "[" + inside + "] is not supported; use [*], [N] or ['key']");
  }

  /** The path as written in devd.yaml. */
  public String text() {
    return text;
  }

  List<Step> steps() {
    return steps;
  }

  /**
   * The strings at this path in {@code body}, in document order; values that are not strings are
   * skipped.
   */
  public List<String> read(Map<String, Object> body) {
    List<String> found = new ArrayList<>();
    collect(body, 0, found);
    return found;
  }

  private void collect(Object node, int step, List<String> found) {
    if (step == steps.size()) {
      if (node instanceof String text) found.add(text);
      return;
    }
    switch (steps.get(step)) {
      case Field field -> {
        if (node instanceof Map<?, ?> map) collect(map.get(field.name()), step + 1, found);
      }
      case Index index -> {
        if (node instanceof List<?> list) {
          int at = index.index() < 0 ? list.size() + index.index() : index.index();
          if (at >= 0 && at < list.size()) collect(list.get(at), step + 1, found);
        }
      }
      case Wildcard wildcard -> {
        if (node instanceof List<?> list) {
          for (Object item : list) collect(item, step + 1, found);
        }
      }
    }
  }

  /**
   * {@code body} with every string at this path replaced by {@code edit} of it, copying only what
   * changes; the same instance when nothing changed.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> replace(Map<String, Object> body, UnaryOperator<String> edit) {
    return (Map<String, Object>) replace(body, 0, edit);
  }

  @SuppressWarnings("unchecked")
  private Object replace(Object node, int step, UnaryOperator<String> edit) {
    if (step == steps.size()) return node instanceof String text ? edit.apply(text) : node;
    return switch (steps.get(step)) {
      case Field field ->
          node instanceof Map<?, ?> map && map.containsKey(field.name())
              ? CopyOnWrite.update(
                  (Map<String, Object>) map, field.name(), child -> replace(child, step + 1, edit))
              : node;
      case Index index -> {
        if (!(node instanceof List<?> list)) yield node;
        int at = index.index() < 0 ? list.size() + index.index() : index.index();
        if (at < 0 || at >= list.size()) yield node;
        Object old = list.get(at);
        Object edited = replace(old, step + 1, edit);
        yield edited == old ? node : CopyOnWrite.withItem((List<Object>) list, at, edited);
      }
      case Wildcard wildcard ->
          node instanceof List<?> list
              ? CopyOnWrite.mapItems((List<Object>) list, item -> replace(item, step + 1, edit))
              : node;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
