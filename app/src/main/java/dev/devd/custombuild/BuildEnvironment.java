package dev.devd.custombuild;

import dev.devd.image.ImageRef;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The variables a custom build command receives (SPEC §3): EXPECTED_REF and friends, the registry,
 * and the refs of the images it depends on as DEVD_IMAGE_&lt;i&gt; and DEVD_IMAGE_&lt;NAME&gt;. The
 * image's own {@code env} comes on top.
 */
public final class BuildEnvironment {
  // Names that usually hold credentials; their values are never echoed.
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(secret|token|passw|credential|api_?key|private|auth).*");

  private BuildEnvironment() {}

  /** The variables devd sets itself, in the order they are shown. */
  public static Map<String, String> of(BuildRequest request) {
    Map<String, String> env = new LinkedHashMap<>();
    ImageRef ref = request.expectedRef();
    env.put("EXPECTED_REF", ref.toString());
    env.put("EXPECTED_IMAGE", ref.path());
    env.put("EXPECTED_TAG", ref.tag().orElseThrow());
    env.putAll(request.registryEnvironment());
    int index = 0;
    for (var dep : request.imageDeps().entrySet()) {
      env.put("DEVD_IMAGE_" + index++, dep.getValue().toString());
      env.put("DEVD_IMAGE_" + variableName(dep.getKey()), dep.getValue().toString());
    }
    return env;
  }

  /** {@code gcr.io/team/base-image} → {@code GCR_IO_TEAM_BASE_IMAGE}. */
  static String variableName(String imageName) {
    return imageName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** How a variable is shown in the build's log: values of secret-looking names are masked. */
  public static String shown(String name, String value) {
    return name + "=" + (SECRET_NAME.matcher(name).matches() ? "••••••" : value);
  }
}
