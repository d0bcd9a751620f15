package dev.devd.runtime;

import dev.devd.console.ResourceLog;
import dev.devd.image.ImageCommand;
import dev.devd.image.ImageRef;
import dev.devd.image.ImageStore;
import dev.devd.image.ImageStoreException;
import java.util.Optional;

/**
 * What images run by themselves, read from a local image store (docker or podman {@code image
 * inspect}).
 */
public record StoreImageCommands(ImageStore store) implements ImageCommands {
  @Override
  public Optional<ImageCommand> of(ImageRef image) {
    try {
      return store.command(image);
    } catch (ImageStoreException e) {
      // The caller says what it could not find out and what to do; the store's own words go to the
      // log file.
      ResourceLog.devd().debug("cannot read the entrypoint of " + image + ": " + e.getMessage(), e);
      return Optional.empty();
    }
  }
}
