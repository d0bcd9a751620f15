package dev.devd.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageMatcherTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // configured       | in the YAML                         | matches
        "my-app             | my-app                              | true",
        "my-app             | my-app:v1                           | true",
        "my-app             | my-app:latest                       | true",
        "my-app             | my-app@" + DIGEST + "               | true",
        "my-app             | my-app:v1@" + DIGEST + "            | true",
        "my-app             | my-app2                             | false",
        "my-app             | my-ap                               | false",
        "my-app             | team/my-app                         | false",
        "my-app             | localhost:5000/my-app               | false",
        "my-app             | docker.io/library/my-app:v1         | true", // Docker's familiar
        // names
        "my-app             | index.docker.io/library/my-app      | true",
        "docker.io/my-app   | my-app                              | true",
        "team/web           | docker.io/team/web:v2               | true",
        "team/web           | web                                 | false",
        "my-app:v1          | my-app:v1                           | true", // a tag matches only
        // that tag
        "my-app:v1          | my-app:v2                           | false",
        "my-app:v1          | my-app                              | false",
        "my-app:v1          | my-app:v1@" + DIGEST + "            | true",
        "my-app@" + DIGEST + "| my-app@" + DIGEST + "             | true",
        "my-app@" + DIGEST + "| my-app:v1                         | false",
        "localhost:5000/web | localhost:5000/web:devd-1234        | true",
        "localhost:5000/web | localhost:5001/web                  | false",
        "localhost:5000/web | web                                 | false",
        "gcr.io/p/web       | gcr.io/p/web:1                      | true",
        "my-app             | My-App                              | false", // invalid refs are left
        // alone
        "my-app             | 'my-app '                           | false",
        "my-app             | ''                                  | false",
        "my-app             | my-app:                             | false",
        "my-app             | ${IMAGE}                            | false",
      })
  void matchesByRepositoryNameAndByTagOnlyWhenConfiguredWithOne(
      String configured, String image, boolean matches) {
    ImageMatcher matcher = ImageMatcher.of(List.of(configured));
    assertThat(matcher.match(image))
        .isEqualTo(matches ? Optional.of(configured) : Optional.empty());
    // Asked again, from the memo, the answer is the same.
    assertThat(matcher.match(image).isPresent()).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        // configured, in devd.yaml order | in the YAML | the configured ref it deploys
        "my-app, my-app:v1                | my-app:v1   | my-app:v1", // the tagged ref is more
        // specific
        "my-app:v1, my-app                | my-app:v1   | my-app:v1",
        "my-app, my-app:v1                | my-app:v2   | my-app",
        "my-app, my-app:v1                | my-app      | my-app",
        "my-app:v1, my-app:v2             | my-app:v2   | my-app:v2",
        "my-app:v1, my-app:v2             | my-app      | NONE",
        "web, api                         | api:3       | api",
        "NOT A REF, web                   | web         | web", // a ref devd.yaml validation
        // rejects is skipped
      })
  void aTaggedRefWinsOverTheUntaggedOneForItsTag(String configured, String image, String expected) {
    ImageMatcher matcher = ImageMatcher.of(List.of(configured.split(",\\s*")));
    assertThat(matcher.match(image).orElse(null)).isEqualTo(expected);
  }
}
