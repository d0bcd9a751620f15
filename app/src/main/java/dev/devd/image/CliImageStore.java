package dev.devd.image;

import dev.devd.console.ResourceLog;
import dev.devd.exec.OutputSink;
import dev.devd.exec.ProcessResult;
import dev.devd.exec.ProcessRunner;
import dev.devd.exec.ProcessSpec;
import dev.devd.exec.ProcessStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local image store of a docker-compatible CLI ({@code docker}, or podman's, which the podman
 * package makes): {@code image inspect}, {@code tag}, {@code push}, {@code images}, {@code rmi} and
 * {@code ps}, each run through {@link ProcessRunner}.
 */
public final class CliImageStore implements ImageStore {
  // Inspect and tag only touch local metadata; two minutes leaves room for a store on a slow disk
  // (vfs copies whole
  // layers) while still ending a CLI that hangs on a dead daemon socket. Pushes have no limit: devd
  // cannot know how
  // big an image is or how slow the link to the registry.
  static final Duration LOCAL_COMMAND_LIMIT = Duration.ofMinutes(2);
  // How the CLIs say an image is not in the store: docker "No such image", podman "image not
  // known", older
  // docker "No such object".
  private static final Pattern NOT_FOUND =
      Pattern.compile("(?i).*(no such image|image not known|no such object).*");
  private static final Pattern NEEDS_LOGIN =
      Pattern.compile("(?i).*(unauthorized|authentication required|denied|authorization).*");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ProcessRunner runner;
  private final String cli;
  private final Function<ImageRef, List<String>> pushFlags;
  private final Path dir;

  /** Docker's store: the {@code docker} CLI found on devd's PATH. */
  public static CliImageStore docker(ProcessRunner runner) {
    return new CliImageStore(runner, "docker", ref -> List.of());
  }

  /**
   * A store driven by {@code cli} (a program on devd's PATH, or its path) that takes docker's
   * verbs.
   *
   * @param pushFlags the flags {@code push} needs for a ref beyond docker's (podman's TLS setting,
   *     say)
   */
  public CliImageStore(
      ProcessRunner runner, String cli, Function<ImageRef, List<String>> pushFlags) {
    this.runner = runner;
    this.cli = cli;
    this.pushFlags = pushFlags;
    this.dir = Path.of("").toAbsolutePath();
  }

  @Override
  public String name() {
    return cli;
  }

  @Override
  public Optional<String> imageId(ImageRef ref) throws ImageStoreException {
    Captured result =
        run(
            List.of(cli, "image", "inspect", "--format", "{{.Id}}", ref.toString()),
            LOCAL_COMMAND_LIMIT,
            null);
    if (result.succeeded()) {
      String id = result.stdout().stream().filter(line -> !line.isBlank()).findFirst().orElse("");
      if (id.isBlank())
        throw new ImageStoreException(
            cli
                + " image inspect "
                + ref
                + " printed no image id; check that "
                + cli
                + " works ("
                + cli
                + " images)");
      return Optional.of(ContentTag.normalizedId(id));
    }
    if (result.finished()
        && result.stderr().stream().anyMatch(line -> NOT_FOUND.matcher(line).matches())) {
      return Optional.empty();
    }
    throw failure(
        cli + " image inspect " + ref, result, "check that " + cli + " works (" + cli + " images)");
  }

  @Override
  public Optional<ImageCommand> command(ImageRef ref) throws ImageStoreException {
    Captured result =
        run(
            List.of(cli, "image", "inspect", "--format", "{{json .Config}}", ref.toString()),
            LOCAL_COMMAND_LIMIT,
            null);
    if (!result.succeeded()) {
      if (result.finished()
          && result.stderr().stream().anyMatch(line -> NOT_FOUND.matcher(line).matches())) {
        return Optional.empty();
      }
      throw failure(
          cli + " image inspect " + ref,
          result,
          "check that " + cli + " works (" + cli + " images)");
    }
    String text = String.join("\n", result.stdout()).strip();
    try {
      JsonNode config = JSON.readTree(text.isEmpty() ? "{}" : text);
      return Optional.of(
          new ImageCommand(strings(config.path("Entrypoint")), strings(config.path("Cmd"))));
    } catch (JacksonException e) {
      throw new ImageStoreException(
          cli
              + " image inspect "
              + ref
              + " printed something that is not JSON: "
              + text.lines().findFirst().orElse("")
              + "; check that "
              + cli
              + " works ("
              + cli
              + " images)",
          e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    for (JsonNode item : array.values()) strings.add(item.asString(""));
    return strings;
  }

  @Override
  public void tag(ImageRef existing, ImageRef newRef) throws ImageStoreException {
    Captured result =
        run(List.of(cli, "tag", existing.toString(), newRef.toString()), LOCAL_COMMAND_LIMIT, null);
    if (!result.succeeded()) {
      throw failure(
          cli + " tag " + existing + " " + newRef,
          result,
          "check that " + cli + " works (" + cli + " images)");
    }
  }

  @Override
  public void push(ImageRef ref, ResourceLog log) throws ImageStoreException {
    List<String> argv = new ArrayList<>(List.of(cli, "push"));
    argv.addAll(pushFlags.apply(ref));
    argv.add(ref.toString());
    Captured result = run(argv, null, log::output);
    if (result.succeeded()) return;
    String host = ref.registry().orElse("docker.io");
    String errorLine = errorLine(result);
    String fix;
    if (NEEDS_LOGIN.matcher(errorLine).matches()) {
      fix =
          "log in with `"
              + cli
              + " login "
              + host
              + "`, or push to a registry you may write to (defaultRegistry in devd.yaml)";
    } else if (errorLine.contains("HTTP response to HTTPS client")) {
      fix =
          "the registry "
              + host
              + " speaks plain HTTP: mark it insecure (insecure = true in registries.conf for podman,"
              + " insecure-registries in daemon.json for docker)";
    } else {
      fix =
          "check that the registry "
              + host
              + " runs and is reachable from here, or set defaultRegistry in devd.yaml";
    }
    throw failure("pushing " + ref + " with " + cli, result, fix);
  }

  @Override
  public List<ImageRef> tags(ImageRef repository) throws ImageStoreException {
    ImageRef name = repository.withoutTagOrDigest();
    String works = "check that " + cli + " works (" + cli + " images)";
    Captured result =
        run(
            List.of(cli, "images", "--format", "{{.Repository}}:{{.Tag}}", name.toString()),
            LOCAL_COMMAND_LIMIT,
            null);
    if (!result.succeeded()) throw failure(cli + " images " + name, result, works);
    // podman lists every name of each matching image, other repositories included: keep this
    // repository's.
    List<ImageRef> tags = new ArrayList<>();
    for (String line : result.stdout()) {
      int colon = line.strip().lastIndexOf(':');
      if (colon <= 0) continue;
      String shownRepository = line.strip().substring(0, colon);
      String tag = line.strip().substring(colon + 1);
      if (tag.equals("<none>") || !ImageStore.sameName(shownRepository, name)) continue;
      tags.add(name.withTag(tag));
    }
    return List.copyOf(tags);
  }

  @Override
  public boolean untag(ImageRef ref) throws ImageStoreException {
    // rmi without --force: it only takes the name away while the image has others, and refuses to
    // delete an image a
    // container was made from.
    Captured result = run(List.of(cli, "rmi", ref.toString()), LOCAL_COMMAND_LIMIT, null);
    if (result.succeeded()) return true;
    if (result.finished()
        && result.stderr().stream().anyMatch(line -> NOT_FOUND.matcher(line).matches()))
      return false;
    throw failure(cli + " rmi " + ref, result, "a container may still use it (" + cli + " ps -a)");
  }

  @Override
  public List<String> containerImages() throws ImageStoreException {
    Captured result =
        run(List.of(cli, "ps", "--all", "--format", "{{.Image}}"), LOCAL_COMMAND_LIMIT, null);
    if (!result.succeeded())
      throw failure(cli + " ps --all", result, "check that " + cli + " works (" + cli + " ps)");
    return result.stdout().stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /**
   * Why this store cannot be used here, or empty when it can: {@code version} asks for the server's
   * version, which for docker needs the engine and for podman the local store's setup.
   */
  Optional<String> problem(Duration limit) {
    Captured result = run(List.of(cli, "version", "--format", "{{.Server.Version}}"), limit, null);
    if (result.startFailure() != null) {
      ProcessStartException e = result.startFailure();
      return Optional.of(
          e.problem().equals("no such program on PATH") ? "not installed" : e.problem());
    }
    if (result.succeeded() && result.stdout().stream().anyMatch(line -> !line.isBlank()))
      return Optional.empty();
    if (result.process().outcome() == ProcessResult.Outcome.TIMED_OUT) {
      return Optional.of("`" + cli + " version` did not answer within " + limit.toSeconds() + " s");
    }
    String line = errorLine(result);
    return Optional.of(
        line.isEmpty() ? "`" + cli + " version` exited with " + result.process().exitCode() : line);
  }

  private ImageStoreException failure(String what, Captured result, String fix) {
    if (result.startFailure() != null) {
      return new ImageStoreException(
          what + " failed: " + result.startFailure().getMessage(), result.startFailure());
    }
    ProcessResult process = result.process();
    return switch (process.outcome()) {
      case TIMED_OUT ->
          new ImageStoreException(
              what
                  + " did not finish within "
                  + LOCAL_COMMAND_LIMIT.toMinutes()
                  + " minutes; "
                  + cli
                  + " may be stuck: check `"
                  + cli
                  + " info`");
      case STOPPED -> new ImageStoreException(what + " was stopped: devd is shutting down");
      case EXITED -> {
        String line = errorLine(result);
        yield new ImageStoreException(
            what
                + " failed (exit "
                + process.exitCode()
                + ")"
                + (line.isEmpty() ? "" : ": \"" + line + "\"")
                + "; "
                + fix);
      }
    };
  }

  /**
   * The line that says what went wrong: the CLI's last "Error…" line, else the last line it wrote
   * to stderr.
   */
  static String errorLine(Captured result) {
    List<String> lines = result.stderr().isEmpty() ? result.stdout() : result.stderr();
    String last = "";
    for (String line : lines) {
      if (line.isBlank()) continue;
      last = line.strip();
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (line.toLowerCase(Locale.ROOT).startsWith("error")) return line;
    }
    return last;
  }

  private Captured run(List<String> argv, Duration limit, OutputSink echo) {
    List<String> stdout = new CopyOnWriteArrayList<>();
    List<String> stderr = new CopyOnWriteArrayList<>();
    ProcessSpec spec = ProcessSpec.of(argv, dir);
    if (limit != null) spec = spec.withTimeout(limit);
    try {
      ProcessResult result =
          runner.run(
              spec,
              line -> {
                stdout.add(line);
                if (echo != null) echo.line(line);
              },
              line -> {
                stderr.add(line);
                if (echo != null) echo.line(line);
              });
      return new Captured(result, null, List.copyOf(stdout), List.copyOf(stderr));
    } catch (ProcessStartException e) {
      return new Captured(null, e, List.of(), List.of());
    }
  }

  /** How one CLI call went: its result (or why it could not start) and what it printed. */
  record Captured(
      ProcessResult process,
      ProcessStartException startFailure,
      List<String> stdout,
      List<String> stderr) {
    boolean succeeded() {
      return process != null && process.succeeded();
    }

    boolean finished() {
      return process != null && process.outcome() == ProcessResult.Outcome.EXITED;
    }
  }
}
