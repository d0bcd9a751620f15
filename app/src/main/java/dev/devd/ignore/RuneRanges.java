package dev.devd.ignore;

import java.util.Arrays;

/**
 * A set of code points as sorted, disjoint, non-adjacent ranges: what a Go regexp character class stands for. Built
 * by {@link Builder}, written out as a java.util.regex class made only of {@code \x{..}} ranges, so Java's own class
 * syntax (nested {@code [..]}, {@code &&}, {@code \p}) never gets a say.
 */
final class RuneRanges {
  static final int MAX_RUNE = 0x10FFFF;

  private final int[] bounds; // lo0, hi0, lo1, hi1, ...

  private RuneRanges(int[] bounds) {
    this.bounds = bounds;
  }

  static RuneRanges of(int... loHiPairs) {
    Builder builder = new Builder();
    for (int i = 0; i < loHiPairs.length; i += 2) builder.add(loHiPairs[i], loHiPairs[i + 1]);
    return builder.build();
  }

  boolean isEmpty() {
    return bounds.length == 0;
  }

  boolean contains(int codePoint) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] <= codePoint && codePoint <= bounds[i + 1]) return true;
    }
    return false;
  }

  RuneRanges complement() {
    Builder builder = new Builder();
    int next = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] > next) builder.add(next, bounds[i] - 1);
      next = bounds[i + 1] + 1;
    }
    if (next <= MAX_RUNE) builder.add(next, MAX_RUNE);
    return builder.build();
  }

  void addTo(Builder builder) {
    for (int i = 0; i < bounds.length; i += 2) builder.add(bounds[i], bounds[i + 1]);
  }

  /** The set as one java.util.regex atom; an empty set becomes a never-matching lookahead. */
  String toJava() {
    if (bounds.length == 0) return "(?!)";
    RuneRanges complement = complement();
    // A negated class is shorter for things like [^/], which Docker emits for every '*' and '?'.
    if (complement.isEmpty()) return "[\\x{0}-\\x{10ffff}]";
    if (complement.bounds.length < bounds.length) return "[^" + complement.body() + "]";
    return "[" + body() + "]";
  }

  private String body() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bounds.length; i += 2) {
      appendJava(out, bounds[i]);
      if (bounds[i + 1] != bounds[i]) {
        out.append('-');
        appendJava(out, bounds[i + 1]);
      }
    }
    return out.toString();
  }

  /** A code point as java.util.regex text that means only that code point, in or out of a class. */
  static void appendJava(StringBuilder out, int codePoint) {
    if (codePoint < 0x80 && Character.isLetterOrDigit(codePoint)) {
      out.append((char) codePoint);
    } else {
      out.append("\\x{").append(Integer.toHexString(codePoint)).append('}');
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RuneRanges ranges && Arrays.equals(bounds, ranges.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return toJava();
  }

  /** Collects ranges in any order, overlapping or not. */
  static final class Builder {
    private int[] pairs = new int[16];
    private int size;

    Builder add(int lo, int hi) {
      if (size > 0 && lo == pairs[size - 1] + 1 && hi >= lo) {
        pairs[size - 1] = hi; // extends the last range: keeps code-point-by-code-point building small
        return this;
      }
      if (size == pairs.length) pairs = Arrays.copyOf(pairs, size * 2);
      pairs[size++] = lo;
      pairs[size++] = hi;
      return this;
    }

    Builder add(RuneRanges ranges) {
      ranges.addTo(this);
      return this;
    }

    RuneRanges build() {
      int count = size / 2;
      long[] sorted = new long[count];
      for (int i = 0; i < count; i++) sorted[i] = ((long) pairs[2 * i] << 32) | (pairs[2 * i + 1] & 0xFFFFFFFFL);
      Arrays.sort(sorted);
      int[] merged = new int[size];
      int written = 0;
      for (long range : sorted) {
        int lo = (int) (range >>> 32);
        int hi = (int) range;
        if (written > 0 && lo <= merged[written - 1] + 1) {
          if (hi > merged[written - 1]) merged[written - 1] = hi;
        } else {
          merged[written++] = lo;
          merged[written++] = hi;
        }
      }
      return new RuneRanges(Arrays.copyOf(merged, written));
    }
  }
}
