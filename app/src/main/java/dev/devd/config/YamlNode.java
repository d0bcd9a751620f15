package dev.devd.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value read from devd.yaml with the place it was written, so that every problem can name
 * its line, column and YAML path. Jackson's own tree model drops locations; this one keeps them.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  SourceLocation location();

  /** The YAML path of this node, such as {@code images[0].deps}; empty for the document itself. */
  default String path() {
    return location().yamlPath();
  }

  /**
   * How the node reads in a "got ..." message: {@code a number (5)}, {@code a list}, {@code an
   * empty value}.
   */
  String describe();

  /** The location of every node in this tree, by YAML path. */
  static Map<String, SourceLocation> locations(YamlNode root) {
    Map<String, SourceLocation> locations = new HashMap<>();
    addLocations(root, locations);
    return locations;
  }

  private static void addLocations(YamlNode node, Map<String, SourceLocation> locations) {
    locations.putIfAbsent(node.path(), node.location());
    switch (node) {
      case Mapping mapping ->
          mapping.entries().forEach(entry -> addLocations(entry.value(), locations));
      case Sequence sequence -> sequence.items().forEach(item -> addLocations(item, locations));
      case Scalar scalar -> {}
    }
  }

  /**
   * One {@code key: value} pair of a mapping; {@code keyLocation} carries the value's YAML path.
   */
  record Entry(String key, SourceLocation keyLocation, YamlNode value) {}

  /**
   * A YAML mapping, its entries in the order written; duplicate keys were reported and dropped
   * while reading.
   */
  record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    Optional<Entry> entry(String key) {
      for (Entry entry : entries) {
        if (entry.key().equals(key)) return Optional.of(entry);
      }
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** A YAML list. */
  record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar as written ({@code text}) and the type YAML gives it. */
  record Scalar(String text, Kind kind, SourceLocation location) implements YamlNode {
    /** The YAML core types devd tells apart; quoted values are always strings. */
    enum Kind {
      STRING,
      INTEGER,
      FLOAT,
      BOOLEAN,
      NULL
    }

    boolean isNull() {
      return kind == Kind.NULL;
    }

    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "a string (\"" + shortened(text) + "\")";
        case INTEGER, FLOAT -> "a number (" + text + ")";
        case BOOLEAN -> "a boolean (" + text + ")";
        case NULL -> "an empty value";
      };
    }

    // A whole script pasted where a path belongs should not fill the terminal: the location says
    // where it is.
    private static String shortened(String text) {
      String oneLine = text.replace("\n", "\\n");
      return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
  }
}
