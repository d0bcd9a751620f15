package dev.devd.podman;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The devd project that podman pods belong to, by its folder (where devd.yaml is): every pod devd
 * plays carries the label {@value #LABEL} with a hash of the folder (label values cannot hold a
 * path), and its containers the annotation {@value #DIR_ANNOTATION} with the folder itself, so that
 * a refusal can name the project that owns a pod.
 */
record PodmanProject(Path dir) {
  static final String LABEL = "devd.dev/project";
  static final String DIR_ANNOTATION = "devd.dev/project-dir";

  PodmanProject {
    dir = dir.toAbsolutePath().normalize();
  }

  /** The label's value: the first 16 hex digits of the SHA-256 of the folder's path. */
  String labelValue() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(dir.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether a pod with these labels was played by this project. */
  boolean owns(Map<String, String> podLabels) {
    return labelValue().equals(podLabels.get(LABEL));
  }
}
