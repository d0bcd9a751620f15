package dev.devd.config;

import dev.devd.config.YamlNode.Entry;
import dev.devd.config.YamlNode.Mapping;
import dev.devd.config.YamlNode.Scalar;
import dev.devd.config.YamlNode.Sequence;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;

/**
 * Reads YAML text into a {@link YamlNode} tree in one streaming pass, keeping each node's line,
 * column and YAML path. Anchors, aliases and merge keys ({@code <<: *defaults}) are expanded in
 * place. Duplicate keys and a second document are reported to {@link Problems}; a syntax error is
 * reported as one problem at the place the parser stopped, and then there is no tree.
 */
final class YamlTreeReader {
  private static final Logger log = LoggerFactory.getLogger(YamlTreeReader.class);
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private final Problems problems;
  private int furthestLine; // where a limit of the parser was hit, when it stops on one

  YamlTreeReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * The document, or empty when there is none (an empty file) or it could not be parsed (reported).
   */
  Optional<YamlNode> read(String text) {
    if (text.length() > YamlParserFactory.MAX_DOCUMENT_CHARS) {
      // Not even parsed: the parser would only say so once it has read that far.
      YamlSyntaxError error = YamlSyntaxError.tooLong(1);
      problems.add(new SourceLocation(error.line(), error.column(), ""), error.what(), error.fix());
      return Optional.empty();
    }
    try (JsonParser parser =
        YamlParserFactory.forText(text)
            .createParser(ObjectReadContext.empty(), new StringReader(text))) {
      try {
        JsonToken first = parser.nextToken();
        if (first == null) return Optional.empty();
        YamlNode document = readValue(parser, first, "");
        if (parser.nextToken() != null) {
          problems.add(
              at(parser.currentTokenLocation(), ""),
              "a second YAML document starts here; " + problems.fileName() + " holds one",
              "remove the --- line and merge the two");
        }
        return Optional.of(document);
      } catch (JacksonException e) {
        at(parser.currentLocation(), "");
        reportSyntaxError(e);
        return Optional.empty();
      }
    }
  }

  private YamlNode readValue(JsonParser parser, JsonToken token, String path) {
    SourceLocation location = at(parser.currentTokenLocation(), path);
    return switch (token) {
      case START_OBJECT -> readMapping(parser, location);
      case START_ARRAY -> readSequence(parser, location);
      case VALUE_STRING -> new Scalar(parser.getString(), Scalar.Kind.STRING, location);
      // Only !!binary values come as embedded objects; devd has no key that takes bytes.
      case VALUE_EMBEDDED_OBJECT -> new Scalar("(binary data)", Scalar.Kind.STRING, location);
      case VALUE_NUMBER_INT -> new Scalar(parser.getString(), Scalar.Kind.INTEGER, location);
      case VALUE_NUMBER_FLOAT -> new Scalar(parser.getString(), Scalar.Kind.FLOAT, location);
      case VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getString(), Scalar.Kind.BOOLEAN, location);
      case VALUE_NULL -> new Scalar("", Scalar.Kind.NULL, location);
      default ->
          throw new IllegalStateException("unexpected YAML token " + token + " at " + location);
    };
  }

  private Mapping readMapping(JsonParser parser, SourceLocation location) {
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> indexOf = new HashMap<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      String key = parser.currentName();
      SourceLocation keyLocation =
          at(parser.currentTokenLocation(), child(location.yamlPath(), key));
      YamlNode value = readValue(parser, parser.nextToken(), keyLocation.yamlPath());
      Entry entry = new Entry(key, keyLocation, value);
      Integer earlier = indexOf.putIfAbsent(key, entries.size());
      if (earlier == null) {
        entries.add(entry);
        continue;
      }
      Entry first = entries.get(earlier);
      boolean firstMerged = isMerged(first, location);
      if (firstMerged != isMerged(entry, location)) {
        // A merge key ("<<: *defaults") comes through inlined, so a key set both by the merge and
        // by hand looks like
        // a duplicate. YAML says the key written here wins; merged keys are told apart by where
        // they were written:
        // at the anchor, before this mapping.
        if (firstMerged) entries.set(earlier, entry);
      } else {
        problems.add(
            keyLocation,
            "duplicate key \"" + key + "\" (first at line " + first.keyLocation().line() + ")",
            "keep one of them");
      }
    }
    return new Mapping(entries, location);
  }

  private static boolean isMerged(Entry entry, SourceLocation mapping) {
    SourceLocation key = entry.keyLocation();
    return key.line() < mapping.line()
        || (key.line() == mapping.line() && key.column() < mapping.column());
  }

  private Sequence readSequence(JsonParser parser, SourceLocation location) {
    List<YamlNode> items = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      items.add(readValue(parser, token, location.yamlPath() + "[" + items.size() + "]"));
    }
    return new Sequence(items, location);
  }

  /**
   * The YAML path of a mapping's child: {@code watch.debounce}, or {@code resources["my app"]} for
   * odd keys.
   */
  static String child(String parentPath, String key) {
    if (!PLAIN_KEY.matcher(key).matches())
      return parentPath + "[\"" + key.replace("\"", "\\\"") + "\"]";
    return parentPath.isEmpty() ? key : parentPath + "." + key;
  }

  private void reportSyntaxError(JacksonException e) {
    log.debug("YAML parser failed on {}: {}", problems.fileName(), e.getMessage());
    YamlSyntaxError error = YamlSyntaxError.of(e, furthestLine);
    problems.add(new SourceLocation(error.line(), error.column(), ""), error.what(), error.fix());
  }

  private SourceLocation at(TokenStreamLocation location, String path) {
    furthestLine = Math.max(furthestLine, location.getLineNr());
    return new SourceLocation(location.getLineNr(), location.getColumnNr(), path);
  }
}
