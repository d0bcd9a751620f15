package dev.devd.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunCgroupTest {
  private static final List<String> HYBRID_GROUPS =
      List.of(
          "9:name=systemd:/",
          "8:pids:/user.slice",
          "4:memory:/x",
          "0::/user.slice/session-1.scope");
  private static final List<String> HYBRID_MOUNTS =
      List.of(
          "24 1 0:22 / / rw,relatime - ext4 /dev/root rw",
          "30 24 0:25 / /sys/fs/cgroup ro - tmpfs tmpfs ro,mode=755",
          "33 30 0:28 / /sys/fs/cgroup/pids rw,nosuid - cgroup cgroup rw,pids",
          "34 30 0:29 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory",
          "40 30 0:35 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw");

  @Test
  void onAHybridLayoutTheV1PidsHierarchyIsUsed() {
    assertThat(RunCgroup.ownGroup(HYBRID_GROUPS, HYBRID_MOUNTS))
        .contains(Path.of("/sys/fs/cgroup/pids/user.slice"));
  }

  @Test
  void onAPureCgroup2LayoutCgroup2IsUsed() {
    List<String> groups =
        List.of("0::/user.slice/user-1000.slice/user@1000.service/app.slice/term.scope");
    List<String> mounts =
        List.of("28 22 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate");

    assertThat(RunCgroup.ownGroup(groups, mounts))
        .contains(
            Path.of(
                "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/term.scope"));
  }

  @Test
  void aMountOfPartOfTheHierarchyShowsTheGroupsBelowIt() {
    List<String> groups = List.of("0::/docker/abc/inner");
    List<String> mounts = List.of("28 22 0:26 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw");

    assertThat(RunCgroup.ownGroup(groups, mounts)).contains(Path.of("/sys/fs/cgroup/inner"));
  }

  @Test
  void noGroupWhenTheHierarchyIsNotMountedOrDoesNotShowDevdsGroup() {
    assertThat(
            RunCgroup.ownGroup(List.of("0::/a"), List.of("24 1 0:22 / / rw - ext4 /dev/root rw")))
        .isEmpty();
    assertThat(
            RunCgroup.ownGroup(
                List.of("0::/a"), List.of("28 22 0:26 /b /sys/fs/cgroup rw - cgroup2 cgroup2 rw")))
        .isEmpty();
    assertThat(RunCgroup.ownGroup(List.of(), HYBRID_MOUNTS)).isEqualTo(Optional.empty());
  }
}
