package dev.devd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code devd version}: which devd this is (version, commit, build date). */
@Command(
    name = "version",
    description = "Print devd's version, the git commit it was built from, and the build date.")
public final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(BuildInfo.ofThisBuild().line());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** Lets {@code devd --version} print the same. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.ofThisBuild().line()};
    }
  }
}
