package dev.devd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code devd version}: which devd this is. */
@Command(name = "version", description = "Print devd's version.")
public final class VersionCommand implements Callable<Integer> {
  static String version() {
    String version = VersionCommand.class.getPackage().getImplementationVersion();
    return "devd " + (version == null ? "(development build)" : version);
  }

  @Override
  public Integer call() {
    System.out.println(version());
    return ExitCodes.OK;
  }

  /** Lets {@code devd --version} print the same. */
  public static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {version()};
    }
  }
}
