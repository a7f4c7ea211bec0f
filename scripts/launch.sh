# Shared by scripts/ca-tool and scripts/handshake-tool (sourced, not run): builds the tool's jar
# when it is missing or older than the sources, then runs it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/$tool/target/$tool.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/pki/pom.xml" "$root/pki/src/main" "$root/cli/pom.xml" "$root/cli/src/main" \
      "$root/$tool/pom.xml" "$root/$tool/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "$tool: building $jar ..." >&2
  # One line of progress, and only Maven's own error when the build fails. The offline attempt (quick
  # when every plugin is cached) is silent: its failure only means something must be downloaded.
  # Maven 3.8 writes colour resets even with -B; they are taken out, so no escape code reaches a log.
  if ! (cd "$root" && mvn -B -q -o -DskipTests package) >/dev/null 2>&1; then
    status=0
    output="$(cd "$root" && mvn -B -q -DskipTests package 2>&1)" || status=$?
    if [ "$status" -ne 0 ]; then
      printf '%s\n' "$output" | sed 's/\x1b\[[0-9;]*m//g' >&2
      exit "$status"
    fi
  fi
fi
# JVM flags, each measured by scripts/bench.sh (bench/results.md says by how much):
# - the class-data-sharing archive the build makes next to the jar (see the tool's pom), when it is
#   newer than the jar; a JVM that cannot use it (another JDK, a moved folder) ignores it silently.
# - the serial collector: these are small heaps on small machines; it starts faster than G1.
# - handshake-tool: a 64 MiB heap at most (serve keeps nothing per connection after its handshake), so
#   that serve's resident memory stays far under 256 MiB with 100 clients at once.
# Not used: -XX:TieredStopAtLevel=1, which saves start-up time but makes RSA key generation about ten
# times slower (the Montgomery multiplication intrinsics are C2's). JAVA_OPTS comes last and wins.
flags=(-XX:+UseSerialGC)
if [ "$tool" = handshake-tool ]; then
  flags+=(-Xmx64m)
fi
archive="${jar%.jar}.jsa"
if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  flags+=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
exec java "${flags[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
