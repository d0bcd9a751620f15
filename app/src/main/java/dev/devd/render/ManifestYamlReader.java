package dev.devd.render;

import dev.devd.config.ConfigProblem;
import dev.devd.config.SourceLocation;
import dev.devd.config.YamlParserFactory;
import dev.devd.config.YamlSyntaxError;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLSchema;

/**
 * Reads the documents of one multi-document YAML file into frozen trees in one streaming pass,
 * keeping the line each document (and each item of a top-level {@code items:} list) starts on.
 * Anchors, aliases and merge keys are expanded. Duplicate keys, syntax errors and the parser's
 * limits (see {@link YamlParserFactory}) are reported as problems with file and line. Other sources
 * of YAML (a command's output, a chart's templates) are read with it too.
 */
final class ManifestYamlReader {
  private static final Logger log = LoggerFactory.getLogger(ManifestYamlReader.class);

  // The YAML 1.2 core schema reads what Kubernetes YAML means in practice: "0644" (file modes) and
  // "0x1F" are numbers,
  // "~" and "Null" are null. Unlike kubectl's YAML 1.1 it leaves yes/no/on/off as strings; kubectl
  // would reject
  // those where the API wants a string anyway.
  private static final YAMLSchema SCHEMA = YAMLSchema.CORE;

  /**
   * One document: its value (null for an empty document), the line it starts on, and the lines the
   * items of its top-level {@code items:} list start on (for the objects of a {@code List}).
   */
  record Document(Object value, int line, List<Integer> itemLines) {}

  private final String shownName;
  private final List<ConfigProblem> problems;
  private int furthestLine; // where a limit of the parser was hit, when it stops on one

  /**
   * @param shownName how messages name the file, e.g. {@code k8s/web.yaml}
   */
  ManifestYamlReader(String shownName, List<ConfigProblem> problems) {
    this.shownName = shownName;
    this.problems = problems;
  }

  /** The documents in file order; after a syntax error, those before it (the error is reported). */
  List<Document> read(String text) {
    List<Document> documents = new ArrayList<>();
    try (JsonParser parser =
        YamlParserFactory.forText(text, SCHEMA)
            .createParser(ObjectReadContext.empty(), new StringReader(text))) {
      try {
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          int line = lineOf(parser.currentTokenLocation());
          List<Integer> itemLines = new ArrayList<>();
          Object value =
              token == JsonToken.START_OBJECT
                  ? readMapping(parser, itemLines)
                  : readValue(parser, token);
          documents.add(new Document(value, line, itemLines));
        }
      } catch (JacksonException e) {
        lineOf(parser.currentLocation());
        reportSyntaxError(e);
      }
    }
    return documents;
  }

  private int lineOf(TokenStreamLocation location) {
    furthestLine = Math.max(furthestLine, location.getLineNr());
    return location.getLineNr();
  }

  private Object readValue(JsonParser parser, JsonToken token) {
    return switch (token) {
      case START_OBJECT -> readMapping(parser, null);
      case START_ARRAY -> readSequence(parser, null);
      case VALUE_STRING -> parser.getString();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      // !!binary: Kubernetes' JSON carries bytes as base64 text, which is what the API server
      // expects back.
      case VALUE_EMBEDDED_OBJECT ->
          parser.getEmbeddedObject() instanceof byte[] bytes
              ? Base64.getEncoder().encodeToString(bytes)
              : String.valueOf(parser.getEmbeddedObject());
      default ->
          throw new IllegalStateException("unexpected YAML token " + token + " in " + shownName);
    };
  }

  /**
   * A mapping; {@code itemLines} is non-null for a document's top level, to note where its items
   * start.
   */
  private Map<String, Object> readMapping(JsonParser parser, List<Integer> itemLines) {
    TokenStreamLocation start = parser.currentTokenLocation();
    lineOf(start);
    LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
    Map<String, TokenStreamLocation> keyPlaces = new HashMap<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      String key = parser.currentName();
      TokenStreamLocation keyPlace = parser.currentTokenLocation();
      lineOf(keyPlace);
      JsonToken valueToken = parser.nextToken();
      Object value =
          itemLines != null && key.equals("items") && valueToken == JsonToken.START_ARRAY
              ? readSequence(parser, itemLines)
              : readValue(parser, valueToken);
      TokenStreamLocation earlier = keyPlaces.putIfAbsent(key, keyPlace);
      if (earlier == null) {
        entries.put(key, value);
        continue;
      }
      boolean earlierMerged = before(earlier, start);
      if (earlierMerged != before(keyPlace, start)) {
        // A merge key ("<<: *defaults") comes through inlined, keys and all, at the place of the
        // anchor. YAML says a
        // key written in the mapping itself wins over a merged one, whichever comes first.
        if (earlierMerged) {
          entries.put(key, value);
          keyPlaces.put(key, keyPlace);
        }
      } else {
        problems.add(
            new ConfigProblem(
                shownName,
                new SourceLocation(keyPlace.getLineNr(), keyPlace.getColumnNr(), ""),
                "duplicate key \"" + key + "\" (first at line " + earlier.getLineNr() + ")",
                "keep one of them"));
      }
    }
    return FrozenMap.adopt(entries);
  }

  private static boolean before(TokenStreamLocation a, TokenStreamLocation b) {
    return a.getLineNr() < b.getLineNr()
        || (a.getLineNr() == b.getLineNr() && a.getColumnNr() < b.getColumnNr());
  }

  private List<Object> readSequence(JsonParser parser, List<Integer> itemLines) {
    List<Object> items = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (itemLines != null) itemLines.add(lineOf(parser.currentTokenLocation()));
      items.add(readValue(parser, token));
    }
    return FrozenList.adopt(items.toArray());
  }

  private void reportSyntaxError(JacksonException e) {
    log.debug("YAML parser failed on {}: {}", shownName, e.getMessage());
    YamlSyntaxError error = YamlSyntaxError.of(e, furthestLine);
    problems.add(
        new ConfigProblem(
            shownName,
            new SourceLocation(error.line(), error.column(), ""),
            error.what(),
            error.fix()));
  }
}
