# Shared by scripts/ca-tool and scripts/handshake-tool (sourced, not run): builds the tool's jar
# when it is missing or older than the sources, then runs it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/$tool/target/$tool.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/ca-tool/pom.xml" "$root/ca-tool/src/main" \
      "$root/$tool/pom.xml" "$root/$tool/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "$tool: building $jar ..." >&2
  (cd "$root" && mvn -B -q -o -DskipTests package >&2 2>/dev/null || mvn -B -q -DskipTests package >&2)
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
