#!/bin/sh
# Builds the restart example's image from scratch, with no base image to download: a static busybox (its sh, which
# restartProcess needs, and its httpd) and app/. The image's entrypoint is app/server.sh; the YAML names no command,
# so devd reads the entrypoint from the local store to run it under its restart supervisor.
set -eu
: "${EXPECTED_REF:?run me through devd, which sets EXPECTED_REF}"
busybox=$(command -v busybox || echo /bin/busybox)
ctr=$(buildah from scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
buildah copy "$ctr" "$busybox" /bin/busybox >/dev/null
buildah run --isolation chroot "$ctr" /bin/busybox --install -s /bin
buildah copy "$ctr" app /app >/dev/null
buildah config --env PATH=/bin "$ctr"
buildah config --entrypoint '["/app/server.sh"]' --port 8080 "$ctr"
buildah commit --quiet "$ctr" "$EXPECTED_REF" >/dev/null
echo "built $EXPECTED_REF"
