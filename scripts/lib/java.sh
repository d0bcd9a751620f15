# Finds a JDK of version 21 or newer without starting a JVM (it reads each JDK's `release` file).
# Looks at $JAVA_HOME, the java on PATH, then the usual JVM folders, and takes the newest there.
# Sets DEVD_JAVA_HOME, or prints what to install and returns 1.

devd_java_version() { # home -> major version, or nothing
  local release="$1/release" line
  [ -f "$release" ] && [ -x "$1/bin/java" ] || return 0
  # Read with the shell's own builtins: the launcher runs this on every start, and each program it starts costs time.
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      JAVA_VERSION=\"*)
        line=${line#JAVA_VERSION=\"}
        line=${line%%[!0-9]*}
        [ "$line" = 1 ] && line=8
        echo "$line"
        return 0
        ;;
    esac
  done < "$release"
}

devd_find_java() {
  local candidates=() home best="" best_version=0 version java_on_path
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java_on_path=$(command -v java 2>/dev/null); then
    java_on_path=$(readlink -f "$java_on_path" 2>/dev/null || echo "$java_on_path")
    candidates+=("$(dirname "$(dirname "$java_on_path")")")
  fi
  for home in "${candidates[@]}"; do
    version=$(devd_java_version "$home")
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then DEVD_JAVA_HOME="$home"; return 0; fi
  done
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* /opt/java/* /opt/jdk*; do
    [ -d "$home" ] || continue
    version=$(devd_java_version "$home")
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then best="$home"; best_version=$version; fi
  done
  if [ -n "$best" ]; then DEVD_JAVA_HOME="$best"; return 0; fi
  echo "devd needs Java 21 or newer and found none (looked at JAVA_HOME, PATH and the usual JVM folders)." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME to it." >&2
  return 1
}

# Maven, run with the chosen JDK; quiet about the JDK's warnings on Maven's own old libraries.
devd_mvn() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "devd is built with Maven and 'mvn' is not on PATH; install it (e.g. 'apt-get install maven')." >&2
    return 1
  fi
  JAVA_HOME="$DEVD_JAVA_HOME" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -Dstyle.color=never "$@"
}
