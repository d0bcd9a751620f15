package dev.devd.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code devd attach}: follows the output of the devd running for this project here; Ctrl-C
 * detaches.
 */
@Command(
    name = "attach",
    description =
        "Follow the output of the devd running for this project in this terminal;"
            + " Ctrl-C detaches and leaves it running.")
public final class AttachCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Override
  public Integer call() throws IOException, InterruptedException {
    return Attacher.attach(StatusCommand.connect(project.configFile()));
  }
}
