package dev.devd.config;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingParser;

/**
 * Why a YAML parser stopped, where, and what to do, in words for a message: Jackson's own text
 * spans several lines with a snippet of the file and names its internals ({@code
 * StreamReadConstraints.getMaxNestingDepth()}), so it goes to the log only. The parser's limits
 * (size, nesting, alias expansion, see {@link YamlParserFactory}) get a sentence of their own. Line
 * and column are 1-based, 0 when unknown.
 */
public record YamlSyntaxError(int line, int column, String what, String fix) {

  /**
   * @param furthestLine the furthest line the reader got to before the parser stopped: where a
   *     limit was hit. The parser's own location is no help there, since an expanded alias reports
   *     the place of its anchor.
   */
  public static YamlSyntaxError of(JacksonException e, int furthestLine) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof StreamConstraintsException) {
      if (message.contains("nesting depth")) {
        return new YamlSyntaxError(
            furthestLine,
            0,
            "lists and mappings are nested more than "
                + StreamReadConstraints.DEFAULT_MAX_DEPTH
                + " deep here",
            "flatten the YAML; devd reads at most "
                + StreamReadConstraints.DEFAULT_MAX_DEPTH
                + " levels");
      }
      if (message.contains("YAMLAnchorReplayingParser")) {
        return new YamlSyntaxError(
            furthestLine,
            0,
            "the aliases (*name) here expand to more than "
                + YAMLAnchorReplayingParser.MAX_EVENTS
                + " YAML values, as an alias bomb does",
            "write the values out or "
                + "nest fewer aliases; devd expands at most "
                + YAMLAnchorReplayingParser.MAX_EVENTS
                + " values per alias");
      }
      return new YamlSyntaxError(
          furthestLine,
          0,
          "the YAML goes beyond a limit of devd's parser ("
              + oneLine(message.replaceAll("\\s*\\(.*`\\)", ""))
              + ")",
          "shorten the YAML at that place");
    }
    if (message.contains("exceeds the limit")
        || (e.getCause() != null
            && String.valueOf(e.getCause().getMessage()).contains("exceeds the limit"))) {
      return tooLong(Math.max(furthestLine, 1));
    }
    String reason = message;
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
    if (e.getCause() instanceof MarkedYamlEngineException marked) {
      reason = marked.getProblem();
      if (marked.getProblemMark().isPresent()) {
        Mark mark = marked.getProblemMark().get();
        line = mark.getLine() + 1;
        column = mark.getColumn() + 1;
      }
      if (marked.getContext() != null && marked.getContextMark().isPresent()) {
        reason +=
            " ("
                + marked.getContext()
                + " that starts at line "
                + (marked.getContextMark().get().getLine() + 1)
                + ")";
      }
    } else if (e.getCause() != null && e.getCause().getMessage() != null) {
      reason = e.getCause().getMessage();
    }
    return new YamlSyntaxError(
        Math.max(line, 0),
        Math.max(column, 0),
        "YAML syntax error: " + oneLine(reason),
        "fix the YAML at that place");
  }

  /**
   * A document longer than {@link YamlParserFactory#MAX_DOCUMENT_CHARS}, found before or while it
   * was parsed.
   */
  public static YamlSyntaxError tooLong(int line) {
    return new YamlSyntaxError(
        line,
        0,
        "the YAML document is longer than "
            + megabytes(YamlParserFactory.MAX_DOCUMENT_CHARS)
            + " ("
            + YamlParserFactory.MAX_DOCUMENT_CHARS
            + " characters)",
        "split it into smaller documents or files; devd "
            + "reads documents of up to "
            + megabytes(YamlParserFactory.MAX_DOCUMENT_CHARS));
  }

  private static String megabytes(int chars) {
    return chars / (1024 * 1024) + " MB";
  }

  private static String oneLine(String reason) {
    String text =
        reason == null || reason.isBlank()
            ? "the parser gave no reason"
            : reason.strip().replaceAll("\\s*\\n\\s*", " ");
    // The parser's sentences end in a period; devd's messages continue with "; fix ...".
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
