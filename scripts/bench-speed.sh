#!/usr/bin/env bash
# Start-up, the demo's fixture sets, the first command and the test suite, each as a ratio to its anchor
# measured side by side: A B A B ... over ROUNDS rounds, medians (min–max), the ratio A/B per round. The
# load average is printed with each figure, since a busy machine moves them all. Prints a Markdown
# section (progress on stderr); with --update FILE it replaces that section of FILE (bench/results.md).
#
#   scripts/bench-speed.sh --quick                       # about 5 minutes on 2 cores: start-up, sets, demo
#   scripts/bench-speed.sh --update bench/results.md     # more rounds; adds the test suite (SUITE=0 skips it)
#   ROUNDS=7 STARTUP_ROUNDS=21 SUITE=1 scripts/bench-speed.sh --quick
#
# Needs java 17, mvn, git and openssl; uses a JDK of 25 or later under /usr/lib/jvm too when there is
# one. Every process started here ends by itself; temporary folders are removed at the end.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0 update=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --update) update=${2:?--update needs a file}; shift ;;
    *) echo "usage: scripts/bench-speed.sh [--quick] [--update FILE]   (env: ROUNDS STARTUP_ROUNDS SUITE)" >&2; exit 2 ;;
  esac
  shift
done
if [ $quick = 1 ]; then d_rounds=3 d_start=7 d_suite=0; else d_rounds=5 d_start=15 d_suite=1; fi
ROUNDS="${ROUNDS:-$d_rounds}"            # rounds of A B for the fixture sets and the demo
START="${STARTUP_ROUNDS:-$d_start}"      # rounds of A B for each start-up variant
SUITE="${SUITE:-$d_suite}"               # 1: time mvn -B verify (quick and -Pslow) on a fresh clone
[ "${BASH_VERSINFO[0]}" -ge 5 ] || { echo "bench: bash 5 is needed (EPOCHREALTIME)" >&2; exit 1; }
for t in java mvn git openssl; do command -v $t >/dev/null || { echo "bench: $t is needed" >&2; exit 1; }; done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
started=$EPOCHREALTIME
log() { awk -v a="$started" -v b="$EPOCHREALTIME" -v m="$*" 'BEGIN {printf "[%4.0f s] %s\n", b - a, m}' >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# ---- numbers: samples per key; median (min–max) ----
S="$work/samples"; mkdir -p "$S"
add() { echo "$2" >> "$S/$1"; }
stats() { sort -g "$S/$1" | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; print m, v[1], v[NR]}'; }
fmt() { read -r m lo hi <<<"$(stats "$1")"; printf "%.${2}f (%.${2}f–%.${2}f)" "$m" "$lo" "$hi"; }
med() { read -r m _ <<<"$(stats "$1")"; echo "$m"; }
ratios() { paste "$S/$1" "$S/$2" | awk '{printf "%.4f\n", $1 / $2}' > "$S/$3"; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN {print (v <= l) ? "met" : "**missed**"}'; }
timed() { # CMD... -> seconds (its output to $work/last.log), or "fail" when CMD fails
  local t0=$EPOCHREALTIME
  if "$@" >"$work/last.log" 2>&1; then awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.4f\n", b - a}'
  else echo "bench: failed: $*" >&2; tail -5 "$work/last.log" >&2; echo fail; fi
}
no_failures() { ! grep -qx fail "$S"/* || { echo "bench: a command failed (above)" >&2; exit 1; }; }
# Alternating pairs: pair KEY ROUNDS "A command" "B command" -> samples KEY-A, KEY-B, KEY-ratio, KEY-load
pair() {
  local key=$1 n=$2 a=$3 b=$4 i
  add "$key-load" "$(load)"
  for i in $(seq 1 "$n"); do
    add "$key-A" "$(timed bash -c "$a")"
    add "$key-B" "$(timed bash -c "$b")"
  done
  no_failures
  ratios "$key-A" "$key-B" "$key-ratio"
  add "$key-load" "$(load)"
}
loads() { paste -sd'|' "$S/$1-load" | sed 's/|/ → /'; }

# ---- the jars, and the JVMs to compare ----
log "building the jars if missing or stale (load $(load))"
scripts/ca-tool --version >/dev/null && scripts/handshake-tool --version >/dev/null || { echo "bench: cannot build" >&2; exit 1; }
ca_jar=ca-tool/target/ca-tool.jar
jdk17=""
for j in /usr/lib/jvm/*/release; do
  grep -q '^JAVA_VERSION="17' "$j" 2>/dev/null && [ -x "${j%/release}/bin/java" ] && { jdk17="${j%/release}/bin/java"; break; }
done
jdk17="${jdk17:-java}"
# The launcher's JVM, as it chooses it (the same lines as scripts/launch.sh).
pick_java() {
  local best=0 found="" release major home
  for release in /usr/lib/jvm/*/release; do
    [ -f "$release" ] || continue
    major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"); home="${release%/release}"
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best" ] && [ -x "$home/bin/java" ]; then best=$major found="$home/bin/java"; fi
  done
  echo "${MTLSKIT_JAVA:-${found:-java}}"
}
launcher_java=$(pick_java)
# The archive of each JVM: the build's (made by the launcher's JVM) and one made here by JDK 17.
jsa_launcher=$(ls -t ca-tool/target/ca-tool-jdk*.jsa 2>/dev/null | head -1)
jsa17="$work/ca-tool-17.jsa"
"$jdk17" -XX:ArchiveClassesAtExit="$jsa17" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$ca_jar" fixtures --force \
  --out "$work/train17" --profiles bench/profiles-p256 >/dev/null 2>&1 || jsa17=""
q() { printf '%q' "$1"; }
anchor="$(q "$jdk17") -jar $ca_jar --version"

# ---- 1. start-up: --version, each variant against plain java -jar on JDK 17 ----
variants=(
  "the launcher (scripts/ca-tool)|scripts/ca-tool --version"
  "JDK 17, default flags (G1)|$anchor"
  "JDK 17, -XX:+UseSerialGC|$(q "$jdk17") -XX:+UseSerialGC -jar $ca_jar --version"
  "JDK 17, -XX:TieredStopAtLevel=1|$(q "$jdk17") -XX:TieredStopAtLevel=1 -jar $ca_jar --version"
)
[ -n "$jsa17" ] && variants+=(
  "JDK 17, G1 + archive of a fixtures run|$(q "$jdk17") -XX:SharedArchiveFile=$jsa17 -Xlog:cds=off -jar $ca_jar --version"
  "JDK 17, serial + archive of a fixtures run|$(q "$jdk17") -XX:+UseSerialGC -XX:SharedArchiveFile=$jsa17 -Xlog:cds=off -jar $ca_jar --version")
if [ "$launcher_java" != java ] && [ "$launcher_java" != "$jdk17" ]; then
  lj=$(q "$launcher_java")
  variants+=(
    "$(basename "$(dirname "$(dirname "$launcher_java")")"), default flags|$lj -jar $ca_jar --version"
    "same, -XX:+UseSerialGC|$lj -XX:+UseSerialGC -jar $ca_jar --version"
    "same, archive of the build's fixtures run|$lj -XX:SharedArchiveFile=$jsa_launcher -Xlog:cds=off -jar $ca_jar --version")
  if "$launcher_java" -XX:AOTCacheOutput="$work/ca.aot" -Xlog:aot=off -Xlog:cds=off -jar "$ca_jar" fixtures --force \
      --out "$work/trainaot" --profiles bench/profiles-p256 >/dev/null 2>&1 && [ -f "$work/ca.aot" ]; then
    variants+=("same, AOT cache of a fixtures run (-XX:AOTCache)|$lj -XX:AOTCache=$work/ca.aot -Xlog:aot=off -Xlog:cds=off -jar $ca_jar --version")
  fi
fi
i=0
for v in "${variants[@]}"; do
  i=$((i + 1)); log "start-up $i of ${#variants[@]}: ${v%%|*} (load $(load))"
  pair "su$i" "$START" "${v#*|}" "$anchor"
done

# ---- 2. the fixture sets: ca-tool fixtures against the demo's openssl sequence ----
mkdir -p "$work/profiles-rsa"
for p in ca server client bad-ca bad; do   # the demo's five profiles, without the CA's CRL
  awk '/^crl:/ {skip = 1; next} skip && /^[ \t]/ {next} {skip = 0; print}' "profiles/$p.yaml" > "$work/profiles-rsa/$p.yaml"
done
source "$root/scripts/bench-openssl-set.sh"
export -f openssl_fixtures write_confs
for kt in p256 rsa; do
  if [ $kt = rsa ]; then prof="$work/profiles-rsa"; else prof=bench/profiles-p256; fi
  log "fixture set $kt: $ROUNDS rounds (load $(load))"
  rm -rf "$work/ossl-$kt"; mkdir -p "$work/ossl-$kt"; write_confs "$work/ossl-$kt"
  pair "fix-$kt" "$ROUNDS" "scripts/ca-tool fixtures --force --out $work/ca-$kt --profiles $prof" \
    "rm -f $work/ossl-$kt/*.pem $work/ossl-$kt/*.srl; openssl_fixtures $work/ossl-$kt $kt"
  checked_ca=$(check_set "$work/ca-$kt"); checked_ossl=$(check_set "$work/ossl-$kt")
  declare "checked_$kt=ca-tool: $checked_ca; openssl: $checked_ossl"
done
# The same P-256 set through each start-up variant that matters for work, against the same anchor.
fix_variants=(
  "the launcher|scripts/ca-tool fixtures --force --out $work/v --profiles bench/profiles-p256"
  "JDK 17, default flags|$(q "$jdk17") -jar $ca_jar fixtures --force --out $work/v --profiles bench/profiles-p256")
[ -n "$jsa17" ] && fix_variants+=("JDK 17, archive of a fixtures run|$(q "$jdk17") -XX:SharedArchiveFile=$jsa17 -Xlog:cds=off -jar $ca_jar fixtures --force --out $work/v --profiles bench/profiles-p256")
[ -f "$work/ca.aot" ] && fix_variants+=("launcher's JVM, AOT cache of a fixtures run|$lj -XX:AOTCache=$work/ca.aot -Xlog:aot=off -Xlog:cds=off -jar $ca_jar fixtures --force --out $work/v --profiles bench/profiles-p256")
i=0
for v in "${fix_variants[@]}"; do
  i=$((i + 1)); log "P-256 set, variant $i of ${#fix_variants[@]}: ${v%%|*} (load $(load))"
  pair "fv$i" "$ROUNDS" "${v#*|}" "rm -f $work/ossl-p256/*.pem $work/ossl-p256/*.srl; openssl_fixtures $work/ossl-p256 p256"
done

# ---- 3. the first command: scripts/demo.sh on a fresh clone, then again once built ----
demo_rounds=$(( quick ? 1 : 2 ))
add demo-load "$(load)"
for i in $(seq 1 "$demo_rounds"); do
  log "demo on a fresh clone, round $i of $demo_rounds (load $(load))"
  rm -rf "$work/clone"; git clone -q "$root" "$work/clone"
  add demo-fresh "$(timed "$work/clone/scripts/demo.sh")"
  for k in 1 2; do   # built; new keys each time (KEYS), as on the first run
    rm -rf "$work/keys"; add demo-built "$(KEYS="$work/keys" timed "$work/clone/scripts/demo.sh")"
  done
done
no_failures
add demo-load "$(load)"

# ---- 4. the test suite on a fresh clone ----
if [ "$SUITE" = 1 ]; then
  add suite-load "$(load)"
  log "mvn -B verify on a fresh clone (load $(load))"
  rm -rf "$work/clone"; git clone -q "$root" "$work/clone"
  add suite-quick "$(cd "$work/clone" && timed mvn -B -q verify)"
  log "mvn -B verify -Pslow on the same clone (load $(load))"
  add suite-slow "$(cd "$work/clone" && timed mvn -B -q verify -Pslow)"
  add suite-load "$(load)"
  no_failures
fi

# ---- the section ----
commit="$(git rev-parse --short HEAD)"
git diff --quiet HEAD -- . ':(exclude)bench/results.md' || commit="$commit with uncommitted changes"
section() {
  echo "<!-- bench-speed: begin (written by scripts/bench-speed.sh; replaced on each run) -->"
  echo "## Start-up, fixture sets, the first command, the test suite"
  echo
  echo "Written by \`scripts/bench-speed.sh$([ $quick = 1 ] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit,"
  echo "in $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}') s; $(nproc) cores."
  echo "JDK 17: \`$jdk17\`; the launcher's JVM: \`$launcher_java\`. $(openssl version)."
  echo "Each row: A and B alternate over the rounds (A B A B ...); median (min–max) of each, and of the ratio"
  echo "A/B per round. *load* is the load average (1, 5, 15 min) before → after the row: above the core count,"
  echo "other work shared the machine and the figures are noisy."
  echo
  echo "| figure | A | B | A, s | B, s | A/B | target | result | load |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  echo "| \`--version\` | \`scripts/ca-tool --version\` | \`java -jar ca-tool.jar --version\` (JDK 17) | $(fmt su1-A 3) | $(fmt su1-B 3) | $(fmt su1-ratio 2) | A ≤ 0.12 s | $(verdict "$(med su1-A)" 0.12) | $(loads su1) |"
  echo "| P-256 set | \`scripts/ca-tool fixtures\` (bench/profiles-p256) | the demo's openssl sequence with P-256 keys | $(fmt fix-p256-A 2) | $(fmt fix-p256-B 2) | $(fmt fix-p256-ratio 2) | ≤ 1.5 | $(verdict "$(med fix-p256-ratio)" 1.5) | $(loads fix-p256) |"
  echo "| RSA-4096 set | \`scripts/ca-tool fixtures\` (the demo's 5 profiles) | the demo's openssl sequence | $(fmt fix-rsa-A 2) | $(fmt fix-rsa-B 2) | $(fmt fix-rsa-ratio 2) | ≤ 0.55 | $(verdict "$(med fix-rsa-ratio)" 0.55) | $(loads fix-rsa) |"
  echo "| first command | \`scripts/demo.sh\` on a fresh clone (build, keys, scenarios) | – | $(fmt demo-fresh 1) | – | – | ≤ 25 s | $(verdict "$(med demo-fresh)" 25) | $(loads demo) |"
  echo "| first command | \`scripts/demo.sh\` once built (new keys) | – | $(fmt demo-built 1) | – | – | ≤ 8 s | $(verdict "$(med demo-built)" 8) | $(loads demo) |"
  if [ "$SUITE" = 1 ]; then
    echo "| test suite | \`mvn -B verify\` on a fresh clone (quick suite) | – | $(fmt suite-quick 0) | – | – | ≤ 240 s | $(verdict "$(med suite-quick)" 240) | $(loads suite) |"
    echo "| test suite | \`mvn -B verify -Pslow\` after it (whole suite, as CI) | – | $(fmt suite-slow 0) | – | – | – | – | $(loads suite) |"
  fi
  echo
  echo "Sets checked after the rounds (openssl verify; first line of \`openssl pkey -text\`): P-256: $checked_p256. RSA: $checked_rsa."
  echo
  echo "Start-up variants, \`ca-tool --version\` (B: \`java -jar ca-tool.jar --version\` on JDK 17, in alternation with each):"
  echo
  echo "| variant | A, s | B, s | A/B | load |"
  echo "| --- | --- | --- | --- | --- |"
  i=0
  for v in "${variants[@]}"; do i=$((i + 1)); echo "| ${v%%|*} | $(fmt su$i-A 3) | $(fmt su$i-B 3) | $(fmt su$i-ratio 2) | $(loads su$i) |"; done
  echo
  echo "The P-256 set through the variants that matter for work (B: the openssl P-256 sequence):"
  echo
  echo "| variant | A, s | B, s | A/B | load |"
  echo "| --- | --- | --- | --- | --- |"
  i=0
  for v in "${fix_variants[@]}"; do i=$((i + 1)); echo "| ${v%%|*} | $(fmt fv$i-A 2) | $(fmt fv$i-B 2) | $(fmt fv$i-ratio 2) | $(loads fv$i) |"; done
  echo
  echo "Raw samples:"
  echo
  echo '```'
  for f in "$S"/*; do printf '%-16s %s\n' "$(basename "$f")" "$(paste -sd' ' "$f")"; done
  echo '```'
  echo "<!-- bench-speed: end -->"
}
section > "$work/section.md"
if [ -n "$update" ]; then
  if grep -q '^<!-- bench-speed: begin' "$update" 2>/dev/null; then
    awk -v f="$work/section.md" '/^<!-- bench-speed: begin/ {while ((getline l < f) > 0) print l; skip = 1; next}
      /^<!-- bench-speed: end/ {skip = 0; next} !skip' "$update" > "$work/updated.md" && cat "$work/updated.md" > "$update"
  else
    { echo; cat "$work/section.md"; } >> "$update"
  fi
  log "updated $update"
fi
cat "$work/section.md"
