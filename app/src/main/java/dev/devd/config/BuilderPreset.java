package dev.devd.config;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A builder preset (SPEC §9): a named recipe for an image's build command, read from {@code
 * builders/NAME.yaml}. Templates hold {@code {{param}}} placeholders, filled by {@link
 * PresetExpander}.
 *
 * @param file where the preset was read from, as shown in messages
 * @param command the POSIX shell template for {@code command}
 * @param commandBat the cmd.exe template for {@code commandBat}, if the preset has one
 * @param deps templates of the default deps, relative to the image's {@code dir}
 * @param outputsImageRefTo template of the default ref file, relative to the image's {@code dir}
 */
record BuilderPreset(
    String name,
    String file,
    String description,
    SortedMap<String, Param> params,
    String command,
    Optional<String> commandBat,
    List<String> deps,
    Optional<Boolean> skipsLocalDocker,
    Optional<Boolean> disablePush,
    Optional<String> outputsImageRefTo) {

  BuilderPreset {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    deps = List.copyOf(deps);
  }

  /**
   * One parameter of a preset, set under the image's {@code with:}.
   *
   * @param list whether it takes a list (each item quoted as its own argument) or one value
   * @param defaultValue the value when {@code with:} leaves it out (one item for a single-value
   *     parameter)
   */
  record Param(
      String name, boolean list, boolean required, List<String> defaultValue, String description) {
    Param {
      defaultValue = List.copyOf(defaultValue);
    }
  }
}
