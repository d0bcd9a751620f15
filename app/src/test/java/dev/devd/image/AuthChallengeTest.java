package dev.devd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void readsABearerChallengeWithQuotedParameters() {
    AuthChallenge challenge =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull\"");

    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.params())
        .isEqualTo(
            Map.of(
                "realm",
                "https://auth.docker.io/token",
                "service",
                "registry.docker.io",
                "scope",
                "repository:library/nginx:pull"));
  }

  @Test
  void keepsCommasInsideQuotesAndReadsTheErrorOfAnInsufficientScope() {
    AuthChallenge challenge =
        AuthChallenge.parse(
            "Bearer realm=\"http://127.0.0.1:1/token\",service=\"reg\","
                + "scope=\"repository:web:pull,push\",error=\"insufficient_scope\"");

    assertThat(challenge.param("scope")).contains("repository:web:pull,push");
    assertThat(challenge.param("error")).contains("insufficient_scope");
  }

  @Test
  void acceptsAnyCaseSpacesAndUnquotedValues() {
    AuthChallenge challenge =
        AuthChallenge.parse("  bearer Realm = https://h/token , Service=reg  ");

    assertThat(challenge.isBearer()).isTrue();
    assertThat(challenge.param("realm")).contains("https://h/token");
    assertThat(challenge.param("SERVICE")).contains("reg");
  }

  @Test
  void unescapesQuotedPairs() {
    assertThat(AuthChallenge.parse("Basic realm=\"say \\\"hi\\\"\"").param("realm"))
        .contains("say \"hi\"");
  }

  @Test
  void readsABasicChallengeAndStopsAtASecondChallenge() {
    AuthChallenge challenge =
        AuthChallenge.parse("Basic realm=\"registry\", Bearer realm=\"https://h/token\"");

    assertThat(challenge.isBasic()).isTrue();
    assertThat(challenge.params()).isEqualTo(Map.of("realm", "registry"));
  }

  @Test
  void saysWhatIsWrongWithABrokenHeader() {
    assertThatThrownBy(() -> AuthChallenge.parse("Bearer realm=\"https://h/token"))
        .hasMessage(
            "cannot read the WWW-Authenticate header \"Bearer realm=\"https://h/token\": the value of realm has no closing quote");
    assertThatThrownBy(() -> AuthChallenge.parse(""))
        .hasMessage("cannot read the WWW-Authenticate header \"\": it is empty");
    assertThatThrownBy(() -> AuthChallenge.parse("=x"))
        .hasMessage(
            "cannot read the WWW-Authenticate header \"=x\": it does not start with an auth scheme");
    assertThatThrownBy(() -> AuthChallenge.parse("Bearer realm=\"a\" service=\"b\""))
        .hasMessage(
            "cannot read the WWW-Authenticate header \"Bearer realm=\"a\" service=\"b\"\": expected ',' at character 18");
  }
}
