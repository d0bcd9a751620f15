package dev.devd.config;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;

/**
 * Where a YAML parser stopped and its short reason, in one line, for a message: Jackson's own text spans several
 * lines with a snippet of the file, which goes to the log only. Line and column are 1-based, 0 when unknown.
 */
public record YamlSyntaxError(int line, int column, String reason) {

  public static YamlSyntaxError of(JacksonException e) {
    String reason = e.getOriginalMessage();
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
        reason += " (" + marked.getContext() + " that starts at line " + (marked.getContextMark().get().getLine() + 1) + ")";
      }
    } else if (e.getCause() != null && e.getCause().getMessage() != null) {
      reason = e.getCause().getMessage();
    }
    return new YamlSyntaxError(Math.max(line, 0), Math.max(column, 0), oneLine(reason));
  }

  private static String oneLine(String reason) {
    String text = reason == null ? "the parser gave no reason" : reason.strip().replaceAll("\\s*\\n\\s*", " ");
    // The parser's sentences end in a period; devd's messages continue with "; fix ...".
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
