package dev.devd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which devd this is: the version from the pom, the git commit it was built from (marked {@code
 * -dirty} when the checkout had uncommitted changes) and the build date, all "unknown" where the
 * build could not tell.
 */
record BuildInfo(String version, String commit, String date) {
  static final String RESOURCE = "/devd-build.properties";
  private static final String UNKNOWN = "unknown";

  /** The build info Maven filtered into the jar. */
  static BuildInfo ofThisBuild() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) properties.load(in);
    } catch (IOException e) {
      // Unknown, as below.
    }
    return of(properties);
  }

  static BuildInfo of(Properties properties) {
    String commit = value(properties, "commit");
    if (!commit.equals(UNKNOWN) && value(properties, "dirty").equals("true")) commit += "-dirty";
    return new BuildInfo(value(properties, "version"), commit, value(properties, "date"));
  }

  // A value Maven did not fill in still reads "${...}" (classes compiled by an IDE without Maven's
  // resource filtering).
  private static String value(Properties properties, String key) {
    String value = properties.getProperty(key, "").strip();
    return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
  }

  /** {@code devd 0.1.0 (commit 26f44df9a1b2, built 2025-03-01T10:00:00Z)}. */
  String line() {
    return "devd " + version + " (commit " + commit + ", built " + date + ")";
  }
}
