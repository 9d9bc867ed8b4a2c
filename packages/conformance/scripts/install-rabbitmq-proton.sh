#!/usr/bin/env bash
# Installs the Debian peers the conformance suite starts itself (targets `rabbitmq` and `proton`):
#   rabbitmq-server 3.10 (ships the rabbitmq_amqp1_0 plugin), the Qpid Proton example brokers and
#   Proton's Python binding. Idempotent and non-interactive; needs root (or sudo) on Debian/Ubuntu.
# The suite runs a private RabbitMQ node per run, so the package's own service is stopped and disabled
# here: it must not hold 5672, 25672 or epmd's 4369.
set -euo pipefail

PACKAGES=(rabbitmq-server libqpid-proton11-dev-examples python3-qpid-proton)

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "install-rabbitmq-proton: run as root (or install sudo): $*" >&2
    exit 1
  fi
}

installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-rabbitmq-proton: needs apt-get (Debian bookworm or similar): install ${PACKAGES[*]} by hand" >&2
  exit 1
fi

missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "install-rabbitmq-proton: installing ${missing[*]}"
  install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}")
  if ! as_root "${install[@]}"; then
    echo "install-rabbitmq-proton: apt-get install failed; running apt-get update and trying again"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    as_root "${install[@]}"
  fi
else
  echo "install-rabbitmq-proton: ${PACKAGES[*]} already installed"
fi

# The package's postinst starts its service through invoke-rc.d unless a policy-rc.d forbids it (as in
# containers). Stop it wherever it runs, and keep it from starting at boot.
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  as_root systemctl disable --now rabbitmq-server.service >/dev/null 2>&1 || true
elif command -v update-rc.d >/dev/null 2>&1 && [[ -e /etc/init.d/rabbitmq-server ]]; then
  as_root update-rc.d rabbitmq-server disable >/dev/null 2>&1 || true
fi
if pgrep -u rabbitmq -f beam >/dev/null 2>&1; then
  echo "install-rabbitmq-proton: stopping the rabbitmq-server service the package started"
  as_root service rabbitmq-server stop >/dev/null 2>&1 ||
    as_root rabbitmqctl stop >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    pgrep -u rabbitmq -f beam >/dev/null 2>&1 || break
    sleep 1
  done
  if pgrep -u rabbitmq -f beam >/dev/null 2>&1; then
    as_root pkill -u rabbitmq -f beam || true
  fi
fi
# epmd started for the service (the suite's nodes run their own epmd on a private port).
if pgrep -u rabbitmq -x epmd >/dev/null 2>&1; then
  as_root pkill -u rabbitmq -x epmd || true
fi

broker_py=$(dpkg -L libqpid-proton11-dev-examples | grep -m1 '/examples/python/broker\.py$' || true)
if [[ -z $broker_py || ! -f $broker_py ]]; then
  echo "install-rabbitmq-proton: libqpid-proton11-dev-examples has no examples/python/broker.py" >&2
  exit 1
fi
/usr/bin/python3 -c 'import proton' || {
  echo "install-rabbitmq-proton: /usr/bin/python3 cannot import proton (python3-qpid-proton)" >&2
  exit 1
}
[[ -x /usr/lib/rabbitmq/bin/rabbitmq-server || -x /usr/sbin/rabbitmq-server ]] || {
  echo "install-rabbitmq-proton: rabbitmq-server is not on this machine after the install" >&2
  exit 1
}
echo "install-rabbitmq-proton: ready (rabbitmq-server $(dpkg-query -W -f='${Version}' rabbitmq-server), Proton broker $broker_py)"
