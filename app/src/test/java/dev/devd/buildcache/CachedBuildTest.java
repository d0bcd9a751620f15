package dev.devd.buildcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devd.image.ImageRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CachedBuildTest {
  private final CachedBuild cached =
      new CachedBuild(
          ImageRef.parse("web:devd-3f2a9c01d2e4b7a6"), Instant.parse("2026-12-03T10:42:07Z"));

  @Test
  void saysSinceWhenTheInputsAreUnchangedAndWhatIsDeployed() {
    assertThat(cached.describe(ZoneId.of("UTC"), LocalDate.of(2026, 12, 3)))
        .isEqualTo("cached: inputs unchanged since 10:42, web:devd-3f2a9c01d2e4b7a6");
    assertThat(cached.describe(ZoneId.of("Europe/Berlin"), LocalDate.of(2026, 12, 3)))
        .isEqualTo("cached: inputs unchanged since 11:42, web:devd-3f2a9c01d2e4b7a6");
  }

  @Test
  void anotherDayIsNamed() {
    assertThat(cached.describe(ZoneId.of("UTC"), LocalDate.of(2026, 12, 5)))
        .isEqualTo("cached: inputs unchanged since Dec 3 10:42, web:devd-3f2a9c01d2e4b7a6");
  }
}
