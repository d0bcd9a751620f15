package dev.devd.image;

import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A docker credential helper, the program {@code docker-credential-NAME} that {@code credsStore} or
 * {@code credHelpers} in config.json names, asked for the login to one registry the way the docker
 * CLI asks: its {@code get} command with the server's address on stdin, answering JSON with {@code
 * Username} and {@code Secret}.
 */
final class CredentialHelper {
  // Helpers may wait for a keychain to be unlocked; a minute is enough for a person, not forever.
  private static final Duration TIMEOUT = Duration.ofMinutes(1);
  // What helpers print (and exit 1 with) for a registry they hold no login for; docker's own client
  // looks for it too.
  private static final String NOT_FOUND = "credentials not found";
  private static final String IDENTITY_TOKEN_USER = "<token>";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String name;
  private final String setting;
  private final Path configFile;
  private final ProcessRunner runner;
  private final Path folder;

  /**
   * @param name the helper's name ({@code desktop} runs {@code docker-credential-desktop})
   * @param setting where config.json names it, for messages ({@code credsStore}, {@code
   *     credHelpers."ghcr.io"})
   * @param folder where the program is, or null to look it up on the {@code PATH} as docker does
   */
  CredentialHelper(
      String name, String setting, Path configFile, ProcessRunner runner, Path folder) {
    this.name = name;
    this.setting = setting;
    this.configFile = configFile;
    this.runner = runner;
    this.folder = folder;
  }

  String program() {
    return "docker-credential-" + name;
  }

  /**
   * The {@code Authorization} header value ({@code Basic …}) the helper holds for {@code
   * serverAddress}, or empty when it holds none.
   *
   * @param host the registry as the user names it, for messages
   * @throws RegistryException when the helper is missing, fails, or answers something that is not a
   *     login
   */
  Optional<String> basicAuthorization(String serverAddress, String host) throws RegistryException {
    String command = folder == null ? program() : folder.resolve(program()).toString();
    List<String> output = new ArrayList<>();
    ProcessResult result;
    try {
      ProcessSpec spec =
          ProcessSpec.of(List.of(command, "get"), Path.of("").toAbsolutePath())
              .withTimeout(TIMEOUT)
              .withInput(serverAddress);
      result = runner.run(spec, output::add, line -> {});
    } catch (ProcessStartException e) {
      throw new RegistryException(
          configFile
              + " names the credential helper \""
              + name
              + "\" ("
              + setting
              + "), but "
              + program()
              + " cannot be started ("
              + e.getMessage()
              + "); install it, or remove "
              + setting
              + " from "
              + configFile
              + " and log in again with `docker login "
              + host
              + "`",
          false,
          e);
    }
    String answer = String.join("\n", output).strip();
    if (result.outcome() != ProcessResult.Outcome.EXITED || result.exitCode() != 0) {
      if (answer.contains(NOT_FOUND)) return Optional.empty();
      throw new RegistryException(
          "the credential helper "
              + program()
              + " ("
              + setting
              + " in "
              + configFile
              + ") failed"
              + " to give the login for "
              + host
              + " ("
              + describe(result)
              + (answer.isEmpty() ? "" : ": " + shorten(answer))
              + "); check that `echo "
              + serverAddress
              + " | "
              + program()
              + " get` works, or log in again with `docker login "
              + host
              + "`");
    }
    return Optional.of(login(answer, host));
  }

  private String login(String answer, String host) throws RegistryException {
    JsonNode body;
    try {
      body = JSON.readTree(answer);
    } catch (JacksonException e) {
      throw new RegistryException(
          "the credential helper "
              + program()
              + " answered something that is not JSON for "
              + host
              + "; check that `"
              + program()
              + " get` works with your registry",
          false,
          e);
    }
    String user = body.path("Username").stringValueOpt().orElse("");
    String secret = body.path("Secret").stringValueOpt().orElse("");
    if (user.equals(IDENTITY_TOKEN_USER)) {
      throw new RegistryException(
          "the credential helper "
              + program()
              + " holds an identity token for "
              + host
              + ", which"
              + " devd cannot use; log in with a user name and password (`docker login "
              + host
              + " -u USER`)");
    }
    if (user.isEmpty() || secret.isEmpty()) {
      throw new RegistryException(
          "the credential helper "
              + program()
              + " answered a login for "
              + host
              + " without a"
              + " user name or secret; log in again with `docker login "
              + host
              + "`");
    }
    String pair = user + ":" + secret;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String describe(ProcessResult result) {
    return switch (result.outcome()) {
      case EXITED -> "exit code " + result.exitCode();
      case TIMED_OUT -> "no answer within " + TIMEOUT.toSeconds() + " s";
      case STOPPED -> "stopped";
    };
  }

  private static String shorten(String text) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 199) + "…";
  }
}
