package dev.devd.buildcache;

import dev.devd.image.ImageRef;
import java.time.Instant;

/**
 * One build devd made for a project: for which inputs, under which repository, the ref it deployed,
 * when it was built and when it was last deployed (built or taken from the cache).
 *
 * @param image the image's ref as written in devd.yaml
 * @param repository the name the build was asked for ({@code EXPECTED_REF} without its tag): it
 *     carries the registry in effect, so a build for another registry never stands in for this one
 */
public record BuildRecord(
    String image,
    InputDigest digest,
    ImageRef repository,
    ImageRef ref,
    Instant builtAt,
    Instant usedAt) {}
