#!/usr/bin/env bash
# Makes this machine able to run the conformance suite's container targets (`--via container`) with no
# Docker engine and no image registry: installs Podman from Debian, configures it for this sandbox
# (runc, no default ulimits) and serves its Docker-compatible API on a unix socket that testcontainers uses.
# Idempotent and fast when already done. Needs root (apt-get, /etc/containers, /run).
#
# Then, in the shell that runs the suite:
#   eval "$(packages/conformance/scripts/setup-podman.sh --env)"   # or export the lines it prints
#   packages/conformance/scripts/build-base-image.sh
#   npm run conformance -- --via container
set -euo pipefail

SOCKET_PATH="${JMS_TS_PODMAN_SOCKET:-/run/jms-ts-podman.sock}"
LOG_FILE="${JMS_TS_PODMAN_LOG:-/var/log/jms-ts-podman-service.log}"
CONF="/etc/containers/containers.conf"
ENV_ONLY=false
[[ "${1:-}" == "--env" ]] && ENV_ONLY=true

say() { if $ENV_ONLY; then echo "# $*" >&2; else echo "setup-podman: $*" >&2; fi; }
t0=${EPOCHREALTIME/./}
elapsed() {
  local ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

if [[ $(id -u) -ne 0 ]]; then
  echo "setup-podman: must run as root (installs packages, writes $CONF, serves $SOCKET_PATH)" >&2
  exit 1
fi

# 1. Packages. runc because crun fails on this cgroup setup; iptables for the bridge network's port mappings.
packages=(podman runc debootstrap iptables curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# 2. Engine config: the default ulimits (nofile etc.) cannot be raised in this sandbox, crun cannot set up cgroups.
desired_conf='# written by jms-ts packages/conformance/scripts/setup-podman.sh
[containers]
default_ulimits = []

[engine]
runtime = "runc"
'
if [[ ! -f "$CONF" ]] || [[ "$(cat "$CONF")"$'\n' != "$desired_conf" ]]; then
  if [[ -f "$CONF" ]] && ! grep -q 'jms-ts' "$CONF"; then
    cp "$CONF" "$CONF.jms-ts-backup"
    say "kept the previous $CONF as $CONF.jms-ts-backup"
  fi
  mkdir -p "$(dirname "$CONF")"
  printf '%s' "$desired_conf" >"$CONF"
  say "wrote $CONF"
fi

# 3. The Docker-compatible API. `_ping` answers OK when the service is up.
socket_answers() {
  [[ -S "$SOCKET_PATH" ]] && curl -fsS --max-time 3 --unix-socket "$SOCKET_PATH" http://d/_ping >/dev/null 2>&1
}
if ! socket_answers; then
  rm -f "$SOCKET_PATH"
  say "starting podman system service on unix://$SOCKET_PATH (log $LOG_FILE)"
  # setsid + nohup: the service outlives this script and the shell that ran it.
  setsid nohup podman system service --time=0 "unix://$SOCKET_PATH" >>"$LOG_FILE" 2>&1 </dev/null &
  for _ in $(seq 1 100); do
    socket_answers && break
    sleep 0.1
  done
  if ! socket_answers; then
    echo "setup-podman: podman system service did not answer on $SOCKET_PATH; see $LOG_FILE" >&2
    tail -n 20 "$LOG_FILE" >&2 || true
    exit 1
  fi
fi
say "podman $(podman version --format '{{.Client.Version}}' 2>/dev/null) ready on unix://$SOCKET_PATH in $(elapsed)s"

# 4. What the suite's shell must export.
if ! $ENV_ONLY; then echo "# export these before npm run conformance -- --via container:" >&2; fi
echo "export DOCKER_HOST=unix://$SOCKET_PATH"
echo "export TESTCONTAINERS_RYUK_DISABLED=true"
echo "export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1"
