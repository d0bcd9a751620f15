package dev.devd.ignore;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One base folder with the .dockerignore-style patterns that apply below it, such as {@code
 * web/.dockerignore} with base {@code web/}. The source ignores a file when the file lies inside
 * {@code base} and the patterns ignore its path relative to {@code base}.
 *
 * @param name how users see the source: {@code web/.dockerignore}, {@code devd.yaml
 *     images[0].ignore}, {@code devd.yaml watch.ignore}, {@code .devdignore}
 * @param base the folder the patterns are relative to; made absolute and normalized
 */
public record IgnoreSource(String name, Path base, DockerIgnore patterns) {
  public IgnoreSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(patterns, "patterns");
    base = base.toAbsolutePath().normalize();
  }
}
