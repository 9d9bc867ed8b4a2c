#!/usr/bin/env bash
# Builds the Qpid JMS peer of the interop cases (packages/conformance/java) into
# packages/conformance/java/target/jms-peer.jar, a runnable jar with Qpid JMS and its dependencies inside.
# Skips the build when the jar is newer than the pom and every source. Needs Java 17+ and Maven; the first
# build downloads Qpid JMS from Maven Central, later runs work offline.
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/../java" && pwd)"
jar="$module/target/jms-peer.jar"

if [[ -f "$jar" ]] && [[ -z "$(find "$module/pom.xml" "$module/src" -newer "$jar" -print -quit)" ]]; then
  echo "qpid-jms peer: $jar is up to date"
  exit 0
fi
for tool in java mvn; do
  if ! command -v "$tool" >/dev/null; then
    echo "qpid-jms peer: no \`$tool\` on PATH (Java 17 and Maven build the peer)" >&2
    exit 1
  fi
done
echo "qpid-jms peer: building $jar"
# Maven 3.8 prints colour resets even in batch mode; strip them (pipefail keeps Maven's exit status).
mvn -B -q -f "$module/pom.xml" package -DskipTests 2>&1 | sed -e $'s/\x1b\\[[0-9;]*m//g'
test -f "$jar"
echo "qpid-jms peer: built $jar"
