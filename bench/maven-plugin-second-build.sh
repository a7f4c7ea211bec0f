#!/usr/bin/env bash
# What the Maven plugin's goals cost in a second build of examples/maven-mtls (everything up to date):
# each goal's time from Maven's own log timestamps, over RUNS builds (default 5), median and max.
# Needs this build's artifacts in a local repository: REPO=DIR (default: a new throw-away one, filled
# with mvn install from the repository root first; never ~/.m2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${RUNS:-5}
if [ -z "${REPO:-}" ]; then
  REPO=$(mktemp -d)
  trap 'rm -rf "$REPO"' EXIT
  mvn -B -q install -DskipTests -Dmaven.repo.local="$REPO"
fi
example=(mvn -B -f examples/maven-mtls/pom.xml -Dmaven.repo.local="$REPO"
  -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)
"${example[@]}" -q generate-test-resources >/dev/null   # the first build makes the files
for i in $(seq "$runs"); do
  "${example[@]}" -o generate-test-resources
done | awk '
  function ms(t) { split(t, a, ":"); return ((a[1] * 60 + a[2]) * 60 + a[3]) * 1000 }
  / --- / { if (goal != "") { cost[goal] = cost[goal] " " (ms($1) - start) } goal = ""; }
  / --- mtlskit-maven-plugin:[^ ]*:[a-z]+ \(/ { goal = $4 " " $5; start = ms($1) }
  /BUILD SUCCESS/ { if (goal != "") { cost[goal] = cost[goal] " " (ms($1) - start) } goal = "" }
  END { for (g in cost) print g "|" cost[g] }' | while IFS="|" read -r goal times; do
  sorted=$(tr ' ' '\n' <<<"$times" | grep . | sort -n)
  n=$(wc -l <<<"$sorted")
  echo "$goal: median $(sed -n "$(( (n + 1) / 2 ))p" <<<"$sorted") ms, max $(tail -1 <<<"$sorted") ms over $n builds"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
