package dev.devd.exec;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints how long {@code run(["true"])} takes compared with a bare {@link ProcessBuilder}, and how
 * long {@code start()} takes to return compared with {@code ProcessBuilder.start()}. Run by hand,
 * not by the build (timings on shared machines are too noisy to assert): {@code java -cp
 * app/target/classes:app/target/test-classes:<dependencies> dev.devd.exec.StartLatencyBenchmark}
 */
public final class StartLatencyBenchmark {
  private static final int WARMUP = 30;
  private static final int RUNS = Integer.getInteger("runs", 50);

  public static void main(String[] args) throws Exception {
    ProcessRunner runner = new ProcessRunner();
    ProcessSpec spec = ProcessSpec.of(List.of("true"), Path.of("."));
    OutputSink discard = line -> {};
    ProcessBuilder builder = new ProcessBuilder("true");

    for (int round = 0;
        round < 2;
        round++) { // the second round shows whether the first was still warming up
      report(
          "ProcessBuilder start+drain+waitFor",
          time(
              () -> {
                Process p = builder.start();
                p.getOutputStream().close();
                drain(p.getInputStream());
                drain(p.getErrorStream());
                p.waitFor();
              }));
      report("ProcessRunner.run([true])", time(() -> runner.run(spec, discard)));
      report(
          "ProcessBuilder.start() returns",
          measure(
              () -> {
                long t0 = System.nanoTime();
                Process p = builder.start();
                long t = System.nanoTime() - t0;
                p.waitFor();
                return t;
              }));
      report(
          "ProcessRunner.start() returns",
          measure(
              () -> {
                long t0 = System.nanoTime();
                RunningProcess p = runner.start(spec, discard);
                long t = System.nanoTime() - t0;
                p.onExit().join();
                return t;
              }));
      report(
          "run([true]) on a virtual thread",
          time(
              () -> {
                Thread t =
                    Thread.ofVirtual()
                        .start(
                            () -> {
                              try {
                                runner.run(spec, discard);
                              } catch (ProcessStartException e) {
                                throw new IllegalStateException(e);
                              }
                            });
                t.join();
              }));
    }
  }

  interface Action {
    void run() throws Exception;
  }

  interface Measured {
    long nanos() throws Exception;
  }

  private static long[] time(Action action) throws Exception {
    return measure(
        () -> {
          long t0 = System.nanoTime();
          action.run();
          return System.nanoTime() - t0;
        });
  }

  /** Sorted timings of {@code measured}, which times itself. */
  private static long[] measure(Measured measured) throws Exception {
    for (int i = 0; i < WARMUP; i++) measured.nanos();
    long[] nanos = new long[RUNS];
    for (int i = 0; i < RUNS; i++) nanos[i] = measured.nanos();
    Arrays.sort(nanos);
    return nanos;
  }

  private static void drain(InputStream in) throws Exception {
    in.transferTo(java.io.OutputStream.nullOutputStream());
  }

  private static void report(String what, long[] sorted) {
    double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "%-38s median %6.2f ms  p90 %6.2f ms  mean %6.2f ms  (n=%d)%n",
        what,
        sorted[sorted.length / 2] / 1e6,
        sorted[sorted.length * 9 / 10] / 1e6,
        mean,
        sorted.length);
  }
}
