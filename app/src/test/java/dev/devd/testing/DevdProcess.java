package dev.devd.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * devd started as users start it: its packaged jar in a new JVM, in a project folder. Output goes
 * to files so a test can read it while devd runs.
 */
public final class DevdProcess implements AutoCloseable {
  /**
   * The line a devd up prints with its status page's sign-in link: group 1 the page, 2 its port, 3
   * the token.
   */
  public static final Pattern SIGN_IN =
      Pattern.compile("status page: (http://127\\.0\\.0\\.1:(\\d+)/)\\?token=([A-Za-z0-9_-]{43})");

  private static final boolean DEFAULT_SIGNAL_WORKS = defaultSignalWorks();

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private boolean closed;

  private DevdProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The jar Maven packaged before the integration tests run. */
  public static Path jar() {
    Path jar = Path.of("target", "devd.jar").toAbsolutePath();
    if (!Files.exists(jar))
      throw new IllegalStateException(
          jar + " is missing; run the integration tests with 'mvn verify'");
    return jar;
  }

  public static DevdProcess start(Path workDir, String... args) throws IOException {
    return start(workDir, Map.of(), args);
  }

  /** The command line that runs devd with {@code args}: this JVM's java and the packaged jar. */
  public static List<String> command(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    // A shell that starts a command in the background with & (as a CI script or an agent's shell
    // may start Maven) makes
    // it ignore SIGINT, and the ignoring passes down to every process started from it, devd
    // included; the JVM then
    // leaves SIGINT ignored. env --default-signal (coreutils 8.31+) gives devd SIGINT back, as a
    // terminal would.
    if (DEFAULT_SIGNAL_WORKS) command.addAll(List.of("env", "--default-signal=INT"));
    command.addAll(List.of(java, "-jar", jar().toString()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Starts devd with these variables added to (or replacing those in) the test's environment. A
   * {@code devd up} must be given {@code --port}: on the default port it would meet any devd that
   * runs on the machine (see {@link #startOnTheDefaultPort} for the one test of the default
   * choice).
   */
  public static DevdProcess start(Path workDir, Map<String, String> environment, String... args)
      throws IOException {
    List<String> given = List.of(args);
    if (given.contains("up") && !given.contains("--port") && !given.contains("--help")) {
      throw new IllegalArgumentException(
          "start devd up with --port 0 in tests, not on the default port: " + given);
    }
    return startOnTheDefaultPort(workDir, environment, args);
  }

  /**
   * Starts devd as {@link #start} does, letting a {@code devd up} choose its port as users get it
   * (10350, or the next free one): only for tests of that choice.
   */
  public static DevdProcess startOnTheDefaultPort(
      Path workDir, Map<String, String> environment, String... args) throws IOException {
    List<String> command = command(args);
    Path out = Files.createTempFile("devd-out", ".txt");
    Path err = Files.createTempFile("devd-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new DevdProcess(process, out, err);
  }

  private static boolean defaultSignalWorks() {
    try {
      return new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs devd to the end and returns its exit code (waits at most a minute). */
  public static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(workDir, Map.of(), args);
  }

  /**
   * Runs devd to the end with these variables added to the environment (waits at most a minute).
   */
  public static Result run(Path workDir, Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    try (DevdProcess devd = start(workDir, environment, args)) {
      if (!devd.process.waitFor(60, TimeUnit.SECONDS))
        throw new IllegalStateException("devd did not end within a minute");
      return new Result(devd.process.exitValue(), devd.stdout(), devd.stderr());
    }
  }

  /** What a finished devd printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {}

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  public String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Sends a signal the way a terminal or a process manager would. */
  public void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
  }

  /** Stops devd as a process manager would (SIGTERM), waits for it to end, and closes this. */
  public void stop() throws IOException, InterruptedException {
    if (process.isAlive()) {
      signal("TERM");
      process.waitFor(30, TimeUnit.SECONDS);
    }
    close();
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    if (process.isAlive()) process.destroyForcibly();
    // What devd printed goes to the test's own output file (target/failsafe-reports/*-output.txt),
    // for failures.
    System.out.println("--- devd stdout ---\n" + stdout() + "--- devd stderr ---\n" + stderr());
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
  }
}
