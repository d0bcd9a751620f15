package dev.devd.cli;

import dev.devd.exec.ProcessRunner;
import dev.devd.image.ContentTag;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStore;
import dev.devd.image.ImageStores;
import dev.devd.image.InvalidImageRefException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code devd dump ...}: prints what devd computes internally, for scripts and for debugging. */
@Command(name = "dump", description = "Print what devd would compute, for scripts and debugging.",
    subcommands = {DumpCommand.ImageDeployRef.class})
public final class DumpCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code devd dump image-deploy-ref REF}: the ref devd would deploy for an image in the local store,
   * {@code name:devd-<16 hex of its image id>}; for build commands that tag and load images themselves.
   */
  @Command(name = "image-deploy-ref",
      description = "Print the ref devd would deploy for an image in the local docker or podman store (name:devd-<16 hex>).")
  public static final class ImageDeployRef implements Callable<Integer> {
    @Parameters(paramLabel = "REF", description = "an image in the local store, e.g. web:devd-build-1732312345")
    String ref;

    @Override
    public Integer call() throws Exception {
      ImageRef image;
      try {
        image = ImageRef.parse(ref);
      } catch (InvalidImageRefException e) {
        throw new UsageException(e.getMessage() + "; give an image ref such as web:dev or localhost:5000/web:dev");
      }
      ProcessRunner runner = new ProcessRunner();
      ImageStore store = ImageStores.detect(runner);
      Optional<String> id = store.imageId(image);
      if (id.isEmpty()) {
        throw new CommandFailedException("no image \"" + image + "\" is in the local " + store.name() + " store; build it"
            + " first, or check the name with `" + store.name() + " images`");
      }
      System.out.println(image.withoutTagOrDigest().withTag(ContentTag.of(id.get())));
      return ExitCodes.OK;
    }
  }
}
