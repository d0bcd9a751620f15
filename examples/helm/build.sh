#!/bin/sh
# Builds the Helm example's image from scratch, with no base image to download: a static busybox that serves /site on
# port 8080. devd runs this with EXPECTED_REF set; the image must end up at that ref in the local podman store.
set -eu
: "${EXPECTED_REF:?run me through devd, which sets EXPECTED_REF}"
busybox=$(command -v busybox || echo /bin/busybox)
ctr=$(buildah from scratch)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
buildah copy "$ctr" "$busybox" /bin/busybox >/dev/null
buildah run --isolation chroot "$ctr" /bin/busybox --install -s /bin
buildah copy "$ctr" site /site >/dev/null
buildah config --env PATH=/bin "$ctr"
buildah config --entrypoint '["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/site"]' --port 8080 "$ctr"
buildah commit --quiet "$ctr" "$EXPECTED_REF" >/dev/null
echo "built $EXPECTED_REF"
