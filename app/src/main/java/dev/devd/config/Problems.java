package dev.devd.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects what is wrong with devd.yaml while it is read, so that the user sees every problem in
 * one go instead of fixing them one run at a time.
 */
final class Problems {
  private final String fileName;
  private final List<ConfigProblem> found = new ArrayList<>();
  private final List<ConfigNote> notes = new ArrayList<>();

  Problems(String fileName) {
    this.fileName = fileName;
  }

  String fileName() {
    return fileName;
  }

  void add(SourceLocation at, String what, String fix) {
    found.add(new ConfigProblem(fileName, at, what, fix));
  }

  void add(YamlNode at, String what, String fix) {
    add(at.location(), what, fix);
  }

  /** A problem found in another file, such as an ignore file; it keeps its own file name. */
  void add(ConfigProblem problem) {
    found.add(problem);
  }

  /** Something worth a note that is no problem, such as a dep that does not exist yet. */
  void note(YamlNode at, String what, String follows) {
    notes.add(new ConfigNote(fileName, at.location(), what, follows));
  }

  /** The notes, by line and column. */
  List<ConfigNote> notes() {
    List<ConfigNote> list = new ArrayList<>(notes);
    list.sort(
        Comparator.comparingInt((ConfigNote n) -> n.location().line())
            .thenComparingInt(n -> n.location().column()));
    return list;
  }

  /**
   * Takes over problems found in another file, such as a builder preset; they keep their own file
   * name.
   */
  void addAll(Problems other) {
    found.addAll(other.found);
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  int count() {
    return found.size();
  }

  /**
   * The problems in reading order: this file's first, by line and column, then other files' by
   * name. Problems at the same place keep the order they were found in.
   */
  List<ConfigProblem> sorted() {
    List<ConfigProblem> list = new ArrayList<>(found);
    list.sort(
        Comparator.comparing((ConfigProblem p) -> !p.fileName().equals(fileName))
            .thenComparing(ConfigProblem::fileName)
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column()));
    return list;
  }

  void throwIfAny() throws ConfigException {
    if (!found.isEmpty()) throw new ConfigException(fileName, sorted());
  }
}
