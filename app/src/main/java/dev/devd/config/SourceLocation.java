package dev.devd.config;

/**
 * Where a value stands in devd.yaml: 1-based line and column, and its YAML path such as {@code
 * images[0].deps}.
 */
public record SourceLocation(int line, int column, String yamlPath) {
  public static final SourceLocation UNKNOWN = new SourceLocation(0, 0, "");
}
