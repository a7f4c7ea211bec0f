# Shared by scripts/ca-tool and scripts/handshake-tool (sourced, not run): picks the JVM, builds the
# tool's jar when it is missing or older than the sources, then runs it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/$tool/target/$tool.jar"

# The JVM, and its feature version (java_major, from the release file of its JDK; empty when unknown):
# MTLSKIT_JAVA when set; else the newest JDK of 25 or later under /usr/lib/jvm, which starts
# faster than JDK 17 (a smaller JVM start and a default CDS archive that holds more; bench/results.md,
# "Start-up", measures both); else the java on PATH. Read from each JDK's release file: no JVM is run.
java_bin="${MTLSKIT_JAVA:-}"
if [ -z "$java_bin" ]; then
  best=0
  for release in /usr/lib/jvm/*/release; do
    [ -f "$release" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    home="${release%/release}"
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best" ] && [ -x "$home/bin/java" ]; then
      best=$major java_bin="$home/bin/java"
    fi
  done
  java_bin="${java_bin:-java}"
fi
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v "$java_bin" || echo "$java_bin")")")")"
java_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null || true)"

if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/pki/pom.xml" "$root/pki/src/main" "$root/cli/pom.xml" "$root/cli/src/main" \
      "$root/$tool/pom.xml" "$root/$tool/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "$tool: building $jar ..." >&2
  # Only the two tools and what they need, without compiling tests (-Dmaven.test.skip) or writing the
  # completion scripts and man pages (-Ddocs.skip; mvn package writes them), and with the
  # class-data-sharing archive made by the JVM that will run the jar (-Dcds.java). One line of
  # progress, and only Maven's own error when the build fails. The offline attempt (quick when every
  # plugin is cached) is silent: its failure only means something must be downloaded. Maven 3.8
  # writes colour resets even with -B; they are taken out, so no escape code reaches a log.
  build=(mvn -B -q -pl ca-tool,handshake-tool -am -Dmaven.test.skip=true -Ddocs.skip=true -Dcds.java="$(command -v "$java_bin")" ${java_major:+-Dcds.jdk="$java_major"} package)
  if ! (cd "$root" && "${build[@]}" -o) >/dev/null 2>&1; then
    status=0
    output="$(cd "$root" && "${build[@]}" 2>&1)" || status=$?
    if [ "$status" -ne 0 ]; then
      printf '%s\n' "$output" | sed 's/\x1b\[[0-9;]*m//g' >&2
      exit "$status"
    fi
  fi
fi
# JVM flags, each measured by scripts/bench.sh (bench/results.md, "Start-up", says by how much):
# - the class-data-sharing archive the build makes next to the jar for this JVM's version (see the
#   tool's pom), when it is newer than the jar; a JVM that cannot use it (a moved folder) ignores it.
# - handshake-tool: the serial collector and a 64 MiB heap at most (serve keeps nothing per connection
#   after its handshake), so that serve's resident memory stays far under 256 MiB with 100 clients at
#   once. ca-tool keeps the default collector: on JDK 17 the serial one cannot map the default CDS
#   archive's heap objects (G1 only), which makes its start slower.
# Not used: -XX:TieredStopAtLevel=1, which saves start-up time but makes RSA key generation about ten
# times slower (the Montgomery multiplication intrinsics are C2's). JAVA_OPTS comes last and wins.
flags=()
if [ "$tool" = handshake-tool ]; then
  flags+=(-XX:+UseSerialGC -Xmx64m)
fi
archive="${jar%.jar}-jdk${java_major:-unknown}.jsa"
if [ -n "$java_major" ] && [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  flags+=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
exec "$java_bin" "${flags[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
