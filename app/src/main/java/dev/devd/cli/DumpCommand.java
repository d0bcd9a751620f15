package dev.devd.cli;

import dev.devd.buildcache.InputDigests;
import dev.devd.config.ImageConfig;
import dev.devd.config.ProjectConfig;
import dev.devd.exec.ProcessRunner;
import dev.devd.image.ContentTag;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStore;
import dev.devd.image.InvalidImageRefException;
import dev.devd.wiring.LocalImageStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code devd dump ...}: prints what devd computes internally, for scripts and for debugging. */
@Command(
    name = "dump",
    description = "Print what devd would compute, for scripts and debugging.",
    subcommands = {DumpCommand.ImageDeployRef.class, DumpCommand.InputDigest.class})
public final class DumpCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code devd dump image-deploy-ref REF}: the ref devd would deploy for an image in the local
   * store, {@code name:devd-<16 hex of its image id>}; for build commands that tag and load images
   * themselves.
   */
  @Command(
      name = "image-deploy-ref",
      description =
          "Print the ref devd would deploy for an image in the local docker or podman store (name:devd-<16 hex>).")
  public static final class ImageDeployRef implements Callable<Integer> {
    @Parameters(
        paramLabel = "REF",
        description = "an image in the local store, e.g. web:devd-build-1732312345")
    String ref;

    @Override
    public Integer call() throws Exception {
      ImageRef image;
      try {
        image = ImageRef.parse(ref);
      } catch (InvalidImageRefException e) {
        throw new UsageException(
            e.getMessage() + "; give an image ref such as web:dev or localhost:5000/web:dev");
      }
      ProcessRunner runner = new ProcessRunner();
      ImageStore store = LocalImageStores.detect(runner);
      Optional<String> id = store.imageId(image);
      if (id.isEmpty()) {
        throw new CommandFailedException(
            "no image \""
                + image
                + "\" is in the local "
                + store.name()
                + " store; build it"
                + " first, or check the name with `"
                + store.name()
                + " images`");
      }
      System.out.println(image.withoutTagOrDigest().withTag(ContentTag.of(id.get())));
      return ExitCodes.OK;
    }
  }

  /**
   * {@code devd dump input-digest [IMAGE...]}: each image's input digest as {@code devd up}
   * computes it (SPEC §11.2), one line each; how many files were read and how long it took goes to
   * stderr. Updates the index in {@code .devd/cache/} as {@code devd up} would.
   */
  @Command(
      name = "input-digest",
      description =
          "Print each image's input digest, the key of devd's build cache (files read and time on stderr).")
  public static final class InputDigest implements Callable<Integer> {
    @Mixin ProjectOptions project;

    @Parameters(
        arity = "0..*",
        paramLabel = "IMAGE",
        description = "only these images (default: all)")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      ProjectConfig config = project.load();
      List<ImageConfig> images = ImageArguments.chosen(config, only);
      long start = System.nanoTime();
      try (InputDigests digests = InputDigests.start(config, Clock.systemUTC())) {
        List<String> lines = new ArrayList<>();
        for (ImageConfig image : images) {
          lines.add(
              image.ref()
                  + " "
                  + digests
                      .digest(image)
                      .map(Object::toString)
                      .orElse(
                          "unknown (a file under its deps cannot be read; see .devd/devd.log)"));
        }
        // From loading the index to the last digest, before anything is printed or the index saved.
        double seconds = (System.nanoTime() - start) / 1e9;
        lines.forEach(System.out::println);
        InputDigests.Scan scan = digests.lastScan();
        System.err.printf(
            Locale.ROOT,
            "%,d input files: %,d read, %,d from the index; digests in %.3f s%n",
            scan.files(),
            scan.read(),
            scan.fromIndex(),
            seconds);
      }
      return ExitCodes.OK;
    }
  }
}
