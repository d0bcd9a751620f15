package dev.devd.ignore;

import java.util.Objects;

/**
 * Why a path is ignored: the pattern as written and the source it comes from, e.g. {@code
 * node_modules} from {@code web/.dockerignore}, or {@code .git/} from {@value #BUILT_IN}.
 */
public record IgnoreMatch(String pattern, String source) {
  /**
   * The source name of devd's own ignores: .git, .devd, editor temp files, the outputsImageRefTo
   * file.
   */
  public static final String BUILT_IN = "built-in";

  public IgnoreMatch {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(source, "source");
  }
}
