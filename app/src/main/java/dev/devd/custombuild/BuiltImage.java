package dev.devd.custombuild;

import dev.devd.config.ImageConfig;
import dev.devd.image.ImageRef;
import java.time.Duration;

/**
 * A custom build command that succeeded: which image, the ref it was asked to produce, and how long
 * it took.
 */
public record BuiltImage(ImageConfig image, ImageRef expectedRef, Duration duration) {}
