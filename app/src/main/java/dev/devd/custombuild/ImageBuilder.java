package dev.devd.custombuild;

import dev.devd.config.Cmd;
import dev.devd.config.DurationFormatter;
import dev.devd.config.ImageConfig;
import dev.devd.console.ResourceLog;
import dev.devd.exec.OutputSink;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an image's custom build command for a {@link BuildRequest}: announces the environment,
 * streams the output with the resource's prefix, and turns anything but success into a message that
 * says what to do.
 */
public final class ImageBuilder {
  private final ProcessRunner runner;
  private final boolean windows;

  public ImageBuilder(ProcessRunner runner, boolean windows) {
    this.runner = runner;
    this.windows = windows;
  }

  public BuiltImage build(BuildRequest request, ResourceLog log) throws BuildFailedException {
    ImageConfig image = request.image();
    Cmd cmd = windows ? image.commandBat().orElse(image.command()) : image.command();
    Map<String, String> devdEnv = BuildEnvironment.of(request);
    log.info("    Custom Build: Injecting Environment Variables");
    devdEnv.forEach((name, value) -> log.info("      {}", BuildEnvironment.shown(name, value)));
    image.env().keySet().stream()
        .sorted()
        .forEach(name -> log.info("      {}", BuildEnvironment.shown(name, image.env().get(name))));
    deleteOldRefFile(image);

    // devd's own variables win over the image's env: a build must write where devd will look.
    Map<String, String> env = new LinkedHashMap<>(image.env());
    env.putAll(devdEnv);
    log.info("    Running custom build cmd \"{}\"", cmd.display());
    ProcessResult result;
    try {
      result =
          runner.run(
              new ProcessSpec(cmd.toArgv(windows), image.dir(), env, image.timeout()),
              OutputSink.printing(log));
    } catch (ProcessStartException e) {
      throw new BuildFailedException(
          "build failed: " + e.getMessage() + "; fix " + image.yamlPath() + ".command", e);
    }
    String shownCmd = "`" + cmd.display() + "`";
    String took = DurationFormatter.format(result.duration());
    switch (result.outcome()) {
      case EXITED -> {
        if (result.exitCode() != 0) {
          throw new BuildFailedException(
              "build failed: "
                  + shownCmd
                  + " exited with "
                  + result.exitCode()
                  + " after "
                  + took
                  + " (its output is above)");
        }
      }
      case TIMED_OUT ->
          throw new BuildFailedException(
              "build timed out: "
                  + shownCmd
                  + " ran longer than "
                  + DurationFormatter.format(image.timeout().orElseThrow())
                  + " and was stopped; raise "
                  + image.yamlPath()
                  + ".timeout or make the build faster");
      case STOPPED ->
          throw new BuildFailedException("build stopped after " + took + ": devd is shutting down");
    }
    return new BuiltImage(image, request.expectedRef(), result.duration());
  }

  // The command writes the final ref to this file; a file left over from an earlier build must not
  // pass for a new one.
  private static void deleteOldRefFile(ImageConfig image) throws BuildFailedException {
    if (image.outputsImageRefTo().isEmpty()) return;
    try {
      Files.deleteIfExists(image.outputsImageRefTo().get());
    } catch (IOException e) {
      throw new BuildFailedException(
          "cannot delete the old ref file "
              + image.outputsImageRefTo().get()
              + ": "
              + e.getMessage()
              + "; check its permissions",
          e);
    }
  }
}
