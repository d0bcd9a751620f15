# The container parts devd's integration tests and its example need on a Debian machine: packages, and podman and
# buildah settings that work where the kernel has a hybrid cgroup v1 layout and root lacks CAP_SYS_RESOURCE (see the
# README). Nothing under /etc is changed: the settings are files in a folder of devd's, named by environment variables.

# command → Debian package; chromium and chromedriver run the status page's browser tests (StatusPageIT)
DEVD_RUNTIME_COMMANDS=(docker-registry:docker-registry skopeo:skopeo umoci:umoci buildah:buildah podman:podman
  runc:runc catatonit:catatonit busybox:busybox-static inotifywait:inotify-tools chromium:chromium
  chromedriver:chromium-driver zsh:zsh fish:fish)

# Installs the missing packages when running as root (apt-get update first); otherwise prints the exact command.
devd_ensure_packages() {
  local missing=() entry command package
  for entry in "${DEVD_RUNTIME_COMMANDS[@]}"; do
    command=${entry%%:*}; package=${entry#*:}
    if [ "$command" = busybox ]; then
      [ -x /bin/busybox ] || missing+=("$package")
    elif ! command -v "$command" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$command" ] && [ ! -x "/usr/bin/$command" ]; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "devd needs these packages: ${missing[*]}" >&2
    echo "install them with:  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  echo "installing ${missing[*]}..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# Writes podman/buildah settings to a folder of devd's and exports the variables that point at them.
devd_container_settings() {
  local dir="${DEVD_CONTAINERS_DIR:-${TMPDIR:-/tmp}/devd-containers-$(id -u)}"
  mkdir -p "$dir"
  # runc, not crun: crun fails on hybrid cgroups and on setrlimit without CAP_SYS_RESOURCE; lowered ulimits let
  # runc start containers (and podman's pod infra containers) where the hard limits are below podman's defaults.
  cat > "$dir/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
events_logger = "file"
CONF
  if [ "$(id -u)" -eq 0 ]; then
    cat > "$dir/storage.conf" <<'CONF'
[storage]
driver = "vfs"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"
CONF
    export CONTAINERS_STORAGE_CONF="$dir/storage.conf"
  fi
  cat > "$dir/registries.conf" <<'CONF'
unqualified-search-registries = []
[[registry]]
location = "127.0.0.1:5000"
insecure = true
[[registry]]
location = "localhost:5000"
insecure = true
CONF
  export CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_REGISTRIES_CONF="$dir/registries.conf"
  export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot
}
