package dev.devd.custombuild;

import dev.devd.image.ImageRef;
import dev.devd.image.InvalidImageRefException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file a build writes its final image ref to ({@code outputsImageRefTo}): devd deletes it
 * before the build and deploys what the build wrote there, once it is sure that is one tagged (or
 * digest-pinned) ref.
 */
public final class ImageRefFile {
  private ImageRefFile() {}

  /**
   * The ref in {@code file}; every way it can be wrong is a message that quotes the file and says
   * what to write.
   */
  public static ImageRef read(Path file) throws BuildFailedException {
    String howToFix = "write the final ref there (e.g. echo \"$EXPECTED_REF\" > " + file + ")";
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BuildFailedException(
          "the build did not write its image ref to "
              + file
              + "; "
              + howToFix
              + " or remove outputsImageRefTo",
          e);
    } catch (MalformedInputException e) {
      throw new BuildFailedException(file + " is not text; " + howToFix, e);
    } catch (IOException e) {
      throw new BuildFailedException(
          "cannot read the image ref file "
              + file
              + ": "
              + e.getMessage()
              + "; check its"
              + " permissions",
          e);
    }
    List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    if (lines.isEmpty())
      throw new BuildFailedException("the build left " + file + " empty; " + howToFix);
    if (lines.size() > 1) {
      throw new BuildFailedException(
          file
              + " holds "
              + lines.size()
              + " lines (\""
              + lines.get(0)
              + "\", \""
              + lines.get(1)
              + "\"…); "
              + howToFix
              + ", and nothing else");
    }
    String written = lines.getFirst();
    ImageRef ref;
    try {
      ref = ImageRef.parse(written);
    } catch (InvalidImageRefException e) {
      throw new BuildFailedException(
          file + " does not hold an image ref: " + e.getMessage() + "; " + howToFix, e);
    }
    if (!ref.isTagged()) {
      throw new BuildFailedException(
          file
              + " holds \""
              + written
              + "\", a ref without a tag or digest, which is not"
              + " immutable; "
              + howToFix);
    }
    return ref;
  }
}
