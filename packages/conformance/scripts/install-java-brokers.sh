#!/usr/bin/env bash
# Downloads the Java brokers the conformance suite runs natively or in containers, through Maven (so they
# are cached in ~/.m2), into packages/conformance/.brokers/dist/:
#   apache-qpid-broker-j-10.1.0-bin.tar.gz  (org.apache.qpid:apache-qpid-broker-j:10.1.0:bin:tar.gz)
#   apache-artemis-2.44.0-bin.tar.gz        (org.apache.activemq:apache-artemis:2.44.0:bin:tar.gz)
# Versions live in packages/conformance/brokers/pom.xml. Does nothing when both files are already there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
conformance="$(dirname "$here")"
pom="$conformance/brokers/pom.xml"
dist="$conformance/.brokers/dist"

# Read a <name>value</name> property from the pom, so the versions are written down once.
property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$pom" | head -n 1
}
qpid_version="$(property qpid-broker-j.version)"
artemis_version="$(property artemis.version)"
wanted=(
  "$dist/apache-qpid-broker-j-$qpid_version-bin.tar.gz"
  "$dist/apache-artemis-$artemis_version-bin.tar.gz"
)

missing=0
for file in "${wanted[@]}"; do
  [[ -s "$file" ]] || missing=1
done
if [[ "$missing" == 0 ]]; then
  echo "install-java-brokers: already installed in $dist"
  exit 0
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "install-java-brokers: mvn is not on PATH (apt-get install maven)" >&2
  exit 1
fi

echo "install-java-brokers: Qpid Broker-J $qpid_version and ActiveMQ Artemis $artemis_version into $dist"
# Maven 3.8 prints colour resets even with -B -q: strip them (pipefail keeps mvn's exit status).
mvn -B -q -f "$pom" package 2>&1 | sed -e $'s/\x1b\\[[0-9;]*m//g'
for file in "${wanted[@]}"; do
  if [[ ! -s "$file" ]]; then
    echo "install-java-brokers: $file is missing after the Maven run" >&2
    exit 1
  fi
done
ls -l "${wanted[@]}"
