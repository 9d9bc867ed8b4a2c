#!/usr/bin/env bash
# Builds the local base image the conformance suite's broker images start FROM when no registry is reachable:
# localhost/jms-ts-jre17-base:1, a minimal Debian bookworm with openjdk-17-jre-headless, made by debootstrap
# from the machine's own Debian mirror and imported into Podman.
#
# Cached twice: skipped when Podman already has the image; the rootfs tarball is kept in
# ${XDG_CACHE_HOME:-~/.cache}/jms-ts/jre17-rootfs.tar (outside the repo) so a machine whose Podman storage
# was wiped re-imports it in seconds instead of re-running debootstrap. --force rebuilds from scratch.
# Run scripts/setup-podman.sh first.
set -euo pipefail

IMAGE="${JMS_TS_BASE_IMAGE:-localhost/jms-ts-jre17-base:1}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/jms-ts"
ROOTFS_TAR="$CACHE_DIR/jre17-rootfs.tar"
SUITE=bookworm
FORCE=false
[[ "${1:-}" == "--force" ]] && FORCE=true

t0=${EPOCHREALTIME/./}
elapsed() {
  local ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
  printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100))
}
say() { echo "build-base-image: $*" >&2; }

command -v podman >/dev/null || { say "podman is missing: run packages/conformance/scripts/setup-podman.sh"; exit 1; }

if ! $FORCE && podman image exists "$IMAGE"; then
  say "$IMAGE already exists ($(elapsed))"
  exit 0
fi

# The Debian mirror this machine's apt uses (deb822 .sources or one-line .list), not the security archive.
debian_mirror() {
  local uri
  uri=$(
    {
      grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -E 's/^[[:space:]]*URIs:[[:space:]]*//' | tr ' ' '\n'
      grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | sed -E 's/\[[^]]*\]//' | awk '{print $2}'
    } | grep -E '^(https?|file)://' | grep -E '/debian/?$' | head -n 1
  )
  echo "${uri:-http://deb.debian.org/debian}"
}

import_tar() {
  local t=${EPOCHREALTIME/./}
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$IMAGE" <"$ROOTFS_TAR" >/dev/null
  local ms=$(((${EPOCHREALTIME/./} - t) / 1000))
  say "imported $IMAGE from $ROOTFS_TAR in $((ms / 1000)).$((ms % 1000 / 100))s"
}

if ! $FORCE && [[ -s "$ROOTFS_TAR" ]]; then
  import_tar
  say "done in $(elapsed)"
  exit 0
fi

command -v debootstrap >/dev/null || { say "debootstrap is missing: run packages/conformance/scripts/setup-podman.sh"; exit 1; }
mkdir -p "$CACHE_DIR"
work=$(mktemp -d /var/tmp/jms-ts-rootfs.XXXXXX)
trap 'rm -rf "$work"' EXIT
mirror=$(debian_mirror)
say "debootstrap $SUITE + openjdk-17-jre-headless from $mirror (about a minute)"
t=${EPOCHREALTIME/./}
if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless "$SUITE" "$work/rootfs" "$mirror" \
  >"$work/debootstrap.log" 2>&1; then
  say "debootstrap failed; last lines of its log:"
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
fi
ms=$(((${EPOCHREALTIME/./} - t) / 1000))
say "debootstrap took $((ms / 1000)).$((ms % 1000 / 100))s"

# Slim it down: downloaded .debs, apt lists, docs.
rm -rf "$work/rootfs"/var/cache/apt/archives/*.deb "$work/rootfs"/var/lib/apt/lists/* \
  "$work/rootfs"/usr/share/doc/* "$work/rootfs"/usr/share/man/*
tar -C "$work/rootfs" --numeric-owner -cf "$ROOTFS_TAR.partial" .
mv "$ROOTFS_TAR.partial" "$ROOTFS_TAR"
say "rootfs tarball $ROOTFS_TAR ($(du -h "$ROOTFS_TAR" | cut -f1))"
import_tar
say "done in $(elapsed)"
