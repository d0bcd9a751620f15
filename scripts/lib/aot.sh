# devd's AOT cache (JDK 25+, JEP 514/515): classes loaded, linked and profiled by a short training run of `devd up`,
# stored in app/target/devd.aot, so that later starts skip most of the JVM's class loading. It is made once per
# build and per JDK, by the launcher, right after it builds the jar (or on the first start without a current cache).
# A JDK older than 25 simply runs without it.

# Sets DEVD_AOT_OPTS to the JVM options that use the cache when it is current for this jar and this JDK, training
# it first when it is not (empty when there is none). Arguments: java home, jar, cache file, and the JVM options the
# cache must be made with (those devd runs with).
devd_aot_options() {
  local home="$1" jar="$2" aot="$3"; shift 3
  local stamp="$aot.jdk" want line=""
  DEVD_AOT_OPTS=()
  [ "${DEVD_JAVA_VERSION:-$(devd_java_version "$home")}" -ge 25 ] 2>/dev/null || return 0
  want="$home $*"
  [ -f "$stamp" ] && { read -r line < "$stamp" || true; }
  if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ] || [ "$line" != "$want" ] || devd_aot_library_changed "$jar" "$aot"; then
    # A training that failed for this jar and JDK is not tried again on every start.
    [ -f "$aot.failed" ] && [ "$aot.failed" -nt "$jar" ] && [ "$(head -n 1 "$aot.failed")" = "$want" ] && return 0
    devd_aot_train "$home" "$jar" "$aot" "$@" || return 0
  fi
  # -Xlog:aot=off: a cache the JVM cannot use (another JDK build, other options) must not print errors at every start.
  DEVD_AOT_OPTS=(-XX:AOTCache="$aot" -Xlog:aot=off -Xlog:cds=off)
}

# True when a library on the jar's class path (app/target/lib) is newer than the cache: the JVM refuses a cache made
# with other libraries, silently here (-Xlog:aot=off), and devd would start slowly until the next build.
devd_aot_library_changed() {
  local library
  for library in "${1%/*}"/lib/*.jar; do
    [ "$library" -nt "$2" ] && return 0
  done
  return 1
}

# The training run: `devd up` in a tiny project of its own, one save, then SIGTERM; the JVM writes the cache as it
# exits (a few seconds). Returns 1 and leaves "$aot.failed" when no cache came out.
devd_aot_train() {
  local home="$1" jar="$2" aot="$3"; shift 3
  local work pid i
  work=$(mktemp -d "${TMPDIR:-/tmp}/devd-aot.XXXXXX") || return 1
  echo "preparing devd's start-up cache (once per build, a few seconds)..." >&2
  mkdir -p "$work/project/src"
  echo one > "$work/project/src/a.txt"
  cat > "$work/project/devd.yaml" <<'YAML'
watch:
  ignore: ["*.log"]
localResources:
  - {name: training, cmd: "echo trained >> ../marks", deps: [src]}
images:
  # Built only, never deployed: it trains the input digests (a scan of its deps) that every image gets at start.
  - {ref: training-image, command: "true", deps: [src]}
YAML
  rm -f "$aot.tmp"
  (cd "$work/project" && exec "$home/bin/java" "$@" -XX:AOTCacheOutput="$aot.tmp" -jar "$jar" up --port 0 \
    > "$work/log" 2>&1 < /dev/null) &
  pid=$!
  # The first update runs once devd watches; a save then runs it again. 20 s at most for each.
  for i in $(seq 200); do [ -s "$work/marks" ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  echo two >> "$work/project/src/a.txt"
  for i in $(seq 200); do [ "$(wc -l < "$work/marks" 2>/dev/null || echo 0)" -ge 2 ] && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -s "$aot.tmp" ]; then
    mv -f "$aot.tmp" "$aot"
    echo "$home $*" > "$aot.jdk"
    rm -f "$aot.failed"
    rm -rf "$work"
    return 0
  fi
  { echo "$home $*"; echo "no AOT cache came out of the training run; its output:"; cat "$work/log"; } > "$aot.failed" 2>/dev/null
  echo "devd starts without its start-up cache (details in $aot.failed)" >&2
  rm -rf "$work" "$aot.tmp"
  return 1
}
