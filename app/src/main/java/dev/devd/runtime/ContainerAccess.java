package dev.devd.runtime;

import dev.devd.image.ImageRef;
import dev.devd.liveupdate.ContainerRef;
import dev.devd.liveupdate.ContainerTransport;
import java.util.List;

/** The role of reaching a resource's running containers, for live update. */
public interface ContainerAccess {
  /**
   * The containers of an applied resource that run this image (the ref devd deployed), as they are
   * now.
   */
  List<ContainerRef> containers(AppliedResources applied, ImageRef deployed) throws DeployException;

  /** How files and commands reach this runtime's containers. */
  ContainerTransport transport();
}
