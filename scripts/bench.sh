#!/usr/bin/env bash
# Benchmarks against OpenSSL, side by side in one run, and writes bench/results.md:
#   a. the demo's whole fixture set: ca-tool fixtures --force against the demo's openssl commands
#      (RSA-4096, and the same with EC P-256 profiles against openssl genpkey);
#   b. mutual-TLS handshakes per second: handshake-tool serve against openssl s_server (same files),
#      under the same client (handshake-tool bench, and openssl s_time), full and resumed;
#   c. start-up: ca-tool --version and handshake-tool --version against openssl version;
#   d. peak resident memory of handshake-tool serve with 100 clients at once;
#   e. scripts/bench-speed.sh: start-up by JVM and flag, the fixture sets, scripts/demo.sh on a fresh clone
#      and the test suite, each against its anchor (its own section of the results; runnable alone).
# Each comparison alternates A B A B over RUNS rounds; the results give median and min–max of each,
# and the ratio A/B per round (median and min–max). Loopback only; every process started here is
# ended by its PID; every loop is bounded. Needs java 17, mvn (first run builds the jars) and openssl.
#
#   scripts/bench.sh            # RUNS=5 rounds, 5 s per handshake run (about 15 minutes on 2 cores)
#   scripts/bench.sh --quick    # RUNS=2, 2 s per handshake run: for development, not for figures
#   RUNS=3 SECONDS_PER_RUN=10 CONCURRENCY=4 OUT=/tmp/r.md scripts/bench.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0
case "${1:-}" in
  --quick) quick=1 ;;
  "") ;;
  *) echo "usage: scripts/bench.sh [--quick]   (env: RUNS SECONDS_PER_RUN WARM_UP CONCURRENCY STARTUP_RUNS OUT)" >&2; exit 2 ;;
esac
if [ $quick = 1 ]; then d_runs=2 d_secs=2 d_warm=1 d_start=6; else d_runs=5 d_secs=5 d_warm=2 d_start=20; fi
RUNS="${RUNS:-$d_runs}"                       # rounds of A B for every comparison
SECS="${SECONDS_PER_RUN:-$d_secs}"            # seconds of each handshake run
WARM="${WARM_UP:-$d_warm}"                    # seconds of uncounted warm-up in each handshake-tool bench run
CONC="${CONCURRENCY:-4}"                      # connections at once of handshake-tool bench (s_time has one)
START_RUNS="${STARTUP_RUNS:-$d_start}"        # runs of each start-up command
OUT="${OUT:-$root/bench/results.md}"
RSS_CLIENTS=100
RSS_SECS=$(( quick ? 4 : 10 ))                 # seconds of the 100-client load

for tool in java mvn openssl; do
  command -v $tool >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }
done
if [ "${BASH_VERSINFO[0]}" -lt 5 ]; then echo "bench: bash 5 is needed (EPOCHREALTIME)" >&2; exit 1; fi

work="$(mktemp -d)"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_started=$EPOCHREALTIME
log() { awk -v a="$bench_started" -v b="$EPOCHREALTIME" -v m="$*" 'BEGIN {printf "[%4.0f s] %s\n", b - a, m}' >&2; }

# ---- building: what a fresh clone lacks ----
log "building the jars if missing or stale"
scripts/ca-tool --version >/dev/null || { echo "bench: cannot build ca-tool" >&2; exit 1; }
scripts/handshake-tool --version >/dev/null || { echo "bench: cannot build handshake-tool" >&2; exit 1; }
jar_stamp() { stat -c %Y ca-tool/target/ca-tool.jar handshake-tool/target/handshake-tool.jar | tr '\n' ' '; }
stamp_before="$(jar_stamp)"

# ---- numbers ----
samples_dir="$work/samples"; mkdir -p "$samples_dir"
add() { [ -n "$2" ] && echo "$2" >> "$samples_dir/$1"; }     # add KEY VALUE (an empty VALUE is not added)
stats() { # KEY -> "median min max n" (or "- - - 0")
  local f="$samples_dir/$1"
  [ -s "$f" ] || { echo "- - - 0"; return; }
  sort -g "$f" | awk '{v[NR]=$1} END {m = NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; print m, v[1], v[NR], NR}'
}
fmt() { # KEY DIGITS UNIT -> "median (min–max) UNIT"
  read -r m lo hi n <<<"$(stats "$1")"
  [ "$n" = 0 ] && { echo "failed"; return; }
  printf "%.${2}f (%.${2}f–%.${2}f)%s" "$m" "$lo" "$hi" "${3:+ $3}"
}
median() { read -r m _ <<<"$(stats "$1")"; echo "$m"; }
# Times a command (stdout and stderr to FILE); prints seconds, or "fail" when it exited non-zero.
timed() { # FILE CMD...
  local outf=$1; shift
  local t0=$EPOCHREALTIME
  if "$@" >"$outf" 2>&1; then awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.4f\n", b - a}'
  else echo fail; fi
}

# ---- a. the fixture set ----
source "$root/scripts/bench-openssl-set.sh"   # write_confs, openssl_fixtures, check_set

# The demo's five profiles only, without a CRL (profiles/ may hold more, such as a revoked client and
# the CA's CRL): the same set as the demo's openssl commands make.
mkdir -p "$work/profiles-rsa"
for p in ca server client bad-ca bad; do
  awk '/^crl:/ {skip = 1; next} skip && /^[ \t]/ {next} {skip = 0; print}' "profiles/$p.yaml" > "$work/profiles-rsa/$p.yaml"
done
declare -A checked
for kt in rsa p256; do
  if [ $kt = rsa ]; then profiles="$work/profiles-rsa"; else profiles=bench/profiles-p256; fi
  for i in $(seq 1 "$RUNS"); do
    log "fixtures $kt: round $i of $RUNS"
    a="$work/fix-ca-$kt"; b="$work/fix-ossl-$kt"
    rm -rf "$a" "$b"; mkdir -p "$b"; write_confs "$b"
    add "fix-$kt-A" "$(timed "$work/fix-ca.log" scripts/ca-tool fixtures --force --out "$a" --profiles "$profiles")"
    add "fix-$kt-B" "$(timed "$work/fix-ossl.log" openssl_fixtures "$b" $kt)"
    if [ "$i" = 1 ]; then
      checked[$kt]="ca-tool: $(check_set "$a"); openssl: $(check_set "$b")"
      rm -rf "$work/keys-$kt"; cp -r "$a" "$work/keys-$kt"     # the files the handshake runs use
    fi
  done
done
grep -q fail "$samples_dir"/fix-* && { echo "bench: a fixture run failed; see above" >&2; exit 1; }
for kt in rsa p256; do
  paste "$samples_dir/fix-$kt-A" "$samples_dir/fix-$kt-B" | awk '{printf "%.4f\n", $1 / $2}' > "$samples_dir/fix-$kt-ratio"
done

# ---- b. handshakes ----
free_port() { # a loopback port nobody listens on
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

start_serve() { # KEYS LOGFILE [extra serve options] -> sets serve_pid serve_port
  local keys=$1 logf=$2 i; shift 2
  scripts/handshake-tool serve --ca-certificate "$keys/ca_cert.pem" --certificate "$keys/server_cert.pem" \
    --private-key "$keys/server_key.pem" -p 0 --timeout 60 "$@" >"$logf" 2>"$logf.err" </dev/null &
  serve_pid=$!; pids+=("$serve_pid"); serve_port=""
  for i in $(seq 1 300); do
    serve_port=$(sed -n 's/^Listening on .* port \([0-9]*\)$/\1/p' "$logf")
    [ -n "$serve_port" ] && return 0
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: handshake-tool serve did not start: $(head -3 "$logf.err")" >&2; exit 1
}

start_s_server() { # KEYS LOGFILE -> sets ossl_pid ossl_port
  local keys=$1 logf=$2 i
  ossl_port=$(free_port) || { echo "bench: no free port" >&2; exit 1; }
  openssl s_server -accept "127.0.0.1:$ossl_port" -cert "$keys/server_cert.pem" -key "$keys/server_key.pem" \
    -CAfile "$keys/ca_cert.pem" -Verify 1 -verify_return_error -www -quiet >"$logf" 2>&1 </dev/null &
  ossl_pid=$!; pids+=("$ossl_pid")
  for i in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$ossl_port") 2>/dev/null && return 0
    kill -0 "$ossl_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: openssl s_server did not start: $(head -3 "$logf")" >&2; exit 1
}

stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

# handshake-tool bench against PORT; adds rate, p50, p99 and resumed % under KEY.
run_bench() { # KEY KEYS PORT [options]
  local key=$1 keys=$2 port=$3; shift 3
  local f="$work/bench.out"
  scripts/handshake-tool bench --connect "127.0.0.1:$port" --server localhost --ca-certificate "$keys/ca_cert.pem" \
    --certificate "$keys/client_cert.pem" --private-key "$keys/client_key.pem" --no-verdict \
    --duration "$SECS" --warm-up "$WARM" --concurrency "$CONC" --timeout 60 "$@" >"$f" 2>&1
  local code=$?
  local rate
  rate=$(sed -n 's/^Handshakes per second: //p' "$f")
  add "$key" "${rate:-0}"
  add "$key-p50" "$(sed -n 's/^Latency: p50 \([0-9.]*\) ms.*/\1/p' "$f")"
  add "$key-p99" "$(sed -n 's/^Latency: .*p99 \([0-9.]*\) ms.*/\1/p' "$f")"
  add "$key-resumed" "$(sed -n 's/^Resumed: .*(\([0-9]*\)%)$/\1/p' "$f")"
  add "$key-failed" "$(sed -n 's/^Handshakes: .* \([0-9]*\) failed.*/\1/p' "$f")"
  [ $code = 0 ] || { log "bench exited $code against port $port:"; sed 's/^/    /' "$f" >&2; }
}

# openssl s_time against PORT; the rate is its connections over the wall time we measure (s_time
# prints whole seconds only); resumed % from its progress marks ('r' resumed, '*' full).
run_s_time() { # KEY KEYS PORT [options]
  local key=$1 keys=$2 port=$3; shift 3
  local f="$work/s_time.out"
  local t0=$EPOCHREALTIME
  openssl s_time -connect "127.0.0.1:$port" -cert "$keys/client_cert.pem" -key "$keys/client_key.pem" \
    -CAfile "$keys/ca_cert.pem" -time "$SECS" "$@" >"$f" 2>&1 </dev/null
  local code=$? t1=$EPOCHREALTIME
  local n
  n=$(sed -n 's/^\([0-9]*\) connections in [0-9.]*s;.*/\1/p' "$f" | tail -1)
  if [ $code != 0 ] || [ -z "$n" ]; then
    log "s_time exited $code against port $port:"; tail -3 "$f" >&2; add "$key" 0; return
  fi
  add "$key" "$(awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", n / (b - a)}')"
  local r s
  r=$(grep -E '^[r*]+$' "$f" | tr -cd 'r' | wc -c)
  s=$(grep -E '^[r*]+$' "$f" | tr -cd '*' | wc -c)
  add "$key-resumed" "$(awk -v r="$r" -v s="$s" 'BEGIN {printf "%.0f\n", (r + s) ? 100 * r / (r + s) : 0}')"
}

served_ok() { grep -c '^SSL handshake successful' "$1"; }

declare -A serve_fail_lines
for kt in rsa p256; do
  keys="$work/keys-$kt"
  start_serve "$keys" "$work/serve-$kt.log"
  start_s_server "$keys" "$work/s_server-$kt.log"
  log "handshakes $kt: serve on port $serve_port (pid $serve_pid), s_server on port $ossl_port (pid $ossl_pid)"
  # One s_time run with TLS 1.3 first, to show that it resumes nothing there (it never reads the tickets).
  run_s_time "probe-$kt-stime13-reuse" "$keys" "$ossl_port" -reuse
  for i in $(seq 1 "$RUNS"); do
    log "handshakes $kt: round $i of $RUNS"
    for client in bench bench-resume stime stime-resume; do
      for side in A B; do
        if [ $side = A ]; then port=$serve_port; else port=$ossl_port; fi
        key="hs-$kt-$client-$side"
        before=$(served_ok "$work/serve-$kt.log")
        case $client in
          bench) run_bench "$key" "$keys" "$port" ;;
          bench-resume) run_bench "$key" "$keys" "$port" --resume ;;
          stime) run_s_time "$key" "$keys" "$port" -new ;;
          stime-resume) run_s_time "$key" "$keys" "$port" -reuse -tls1_2 ;;
        esac
        if [ $side = A ]; then add "$key-server-ok" $(( $(served_ok "$work/serve-$kt.log") - before )); fi
      done
      paste "$samples_dir/hs-$kt-$client-A" "$samples_dir/hs-$kt-$client-B" | tail -1 \
        | awk '$2 > 0 {printf "%.4f\n", $1 / $2}' >> "$samples_dir/hs-$kt-$client-ratio"
    done
  done
  serve_fail_lines[$kt]="$(grep '^SSL handshake failed' "$work/serve-$kt.log.err" | sort | uniq -c | sort -rn | head -3 \
    | sed 's/^ *//' | paste -sd ';' -)"
  stop "$serve_pid"; stop "$ossl_pid"
done

# ---- c. start-up ----
ca_jar=ca-tool/target/ca-tool.jar
hs_jar=handshake-tool/target/handshake-tool.jar
startup_cmds=(
  "su-ca|scripts/ca-tool --version"
  "su-hs|scripts/handshake-tool --version"
  "su-ossl|openssl version"
  "su-ca-plain|java -jar $ca_jar --version"
  "su-jvm|java -XX:+UseSerialGC -Xshare:auto -version"
)
for i in $(seq 1 "$START_RUNS"); do
  [ $((i % 5)) = 1 ] && log "start-up: run $i of $START_RUNS"
  for c in "${startup_cmds[@]}"; do
    # shellcheck disable=SC2086
    add "${c%%|*}" "$(timed "$work/startup.out" ${c#*|})"
  done
done
grep -q fail "$samples_dir"/su-* && { echo "bench: a start-up command failed" >&2; exit 1; }
for k in su-ca su-hs; do
  paste "$samples_dir/$k" "$samples_dir/su-ossl" | awk '{printf "%.4f\n", $1 / $2}' > "$samples_dir/$k-ratio"
done
# Where ca-tool's start-up goes: a class-loading timeline of one run (uptime in ms at each class load).
JAVA_OPTS="-Xlog:class+load:file=$work/classload.log:uptime" scripts/ca-tool --version >/dev/null
classload_summary() { awk '
  { t = $1; gsub(/[\[\]s]/, "", t); t *= 1000; n++ }
  /shared objects file \(top\)/ { top++ } /shared objects file$/ || /shared objects file [^(]/ { base++ }
  / picocli\./ { pico++; if (!pf) pf = t; pl = t }
  /org\.mtlskit\./ && !mf { mf = t }
  / (jrt:|source: jrt)/ { jrt++ }
  { last = t }
  / source: (file|jar):/ { jar++ }
  END { printf "%d classes: %d from the JDK'"'"'s CDS archive, %d from ours, %d read from the JDK modules, %d read from the jar, of which %d picocli classes (Java 5 class files, which CDS cannot archive). First class of ours at %.0f ms; picocli classes from %.0f to %.0f ms; last class at %.0f ms", n, base, top, jrt, jar, pico, mf, pf, pl, last }
' "$1"; }
startup_profile=$(classload_summary "$work/classload.log")

# ---- d. peak resident memory with 100 clients ----
rss_run() { # KEY KEYS [JAVA_OPTS for serve]
  local key=$1 keys=$2
  JAVA_OPTS="${3:-}" start_serve "$keys" "$work/serve-rss.log"
  SECS=$RSS_SECS CONC=$RSS_CLIENTS run_bench "$key-rate" "$keys" "$serve_port"
  add "$key" "$(awk '/^VmHWM/ {printf "%.1f\n", $2 / 1024}' "/proc/$serve_pid/status")"
  stop "$serve_pid"
}
for i in $(seq 1 "$(( RUNS < 3 ? RUNS : 3 ))"); do
  log "resident memory: round $i"
  rss_run rss-A "$work/keys-rsa"
  rss_run rss-default "$work/keys-rsa" "-XX:-UseSerialGC -XX:+UseG1GC -Xmx$(( $(awk '/MemTotal/ {print int($2 / 1024 / 4)}' /proc/meminfo) ))m"
  start_s_server "$work/keys-rsa" "$work/s_server-rss.log"
  SECS=$RSS_SECS CONC=$RSS_CLIENTS run_bench rss-B-rate "$work/keys-rsa" "$ossl_port"
  add rss-B "$(awk '/^VmHWM/ {printf "%.1f\n", $2 / 1024}' "/proc/$ossl_pid/status")"
  stop "$ossl_pid"
done

# ---- profiles of what bounds the missed targets (JFR execution samples, top frame of each) ----
jfr_bin="$(dirname "$(readlink -f "$(command -v java)")")/jfr"
jfr_top() { # FILE pkg|method N -> "share% name, ..." over the samples of the recording
  local f=$1 mode=$2 n=$3
  "$jfr_bin" print --events jdk.ExecutionSample --stack-depth 1 "$f" 2>/dev/null | awk -v mode="$mode" '
    /stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/\(.*/, ""); m = $0
                        if (m ~ /^jdk\.jfr\./) next
                        c = m; sub(/\.[^.]*$/, "", c); p = c; sub(/\.[^.]*$/, "", p)
                        if (mode == "pkg") cnt[p]++; else cnt[m]++; total++ }
    END { for (k in cnt) printf "%d %d %s\n", cnt[k], total, k }' | sort -rn | head -"$n" \
    | awk '{printf "%s%.0f%% %s", (NR > 1 ? ", " : ""), 100 * $1 / $2, $3; t = $2} END {printf " (%d samples)", t}'
}
profile_flags="-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
if [ -x "$jfr_bin" ]; then
  log "profiles: ca-tool fixtures (P-256), and serve under handshake-tool bench (RSA-4096, P-256)"
  rm -rf "$work/prof-fix"
  JAVA_OPTS="${profile_flags}$work/fix.jfr" scripts/ca-tool fixtures --force --out "$work/prof-fix" \
    --profiles bench/profiles-p256 >/dev/null 2>&1
  rm -rf "$work/prof-fix"
  JAVA_OPTS="-Xlog:class+load:file=$work/classload-fix.log:uptime" scripts/ca-tool fixtures --force \
    --out "$work/prof-fix" --profiles bench/profiles-p256 >/dev/null 2>&1
  prof_fix_classes=$(classload_summary "$work/classload-fix.log")
  prof_fix_pkg=$(jfr_top "$work/fix.jfr" pkg 8)
  prof_fix_method=$(jfr_top "$work/fix.jfr" method 6)
  for kt in rsa p256; do
    JAVA_OPTS="${profile_flags}$work/serve-$kt.jfr" start_serve "$work/keys-$kt" "$work/serve-prof.log"
    run_bench "prof-$kt" "$work/keys-$kt" "$serve_port"
    stop "$serve_pid"
    declare "prof_serve_pkg_$kt=$(jfr_top "$work/serve-$kt.jfr" pkg 8)"
    declare "prof_serve_method_$kt=$(jfr_top "$work/serve-$kt.jfr" method 8)"
  done
fi

stamp_after="$(jar_stamp)"
bench_seconds=$(awk -v a="$bench_started" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}')

# ---- the results ----
verdict() { # VALUE OP LIMIT -> met / missed
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? v <= l : (op == ">=") ? v >= l : v < l; print ok ? "met" : "**missed**" }'
}
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
# Asked before "> $OUT" below empties the results file, which would otherwise count as a change;
# the results file itself is left out, so a checkout with only older results in it is clean.
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
git -C "$root" diff --quiet HEAD -- . ':(exclude)bench/results.md' 2>/dev/null || commit="$commit with uncommitted changes"
{
  echo "# Benchmarks against OpenSSL"
  echo
  echo "Written by \`scripts/bench.sh$([ $quick = 1 ] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit, in ${bench_seconds} s."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load average at the end $(cut -d' ' -f1-3 /proc/loadavg) (other work was running: figures are noisy, which is why every comparison alternates A and B in the same run)."
  echo "$(java -version 2>&1 | sed -n 2p); $(openssl version)."
  echo "Rounds: $RUNS (A then B in each); handshake runs of $SECS s (handshake-tool bench: after $WARM s of uncounted warm-up, $CONC connections at once; s_time: one at a time); start-up: $START_RUNS runs of each command."
  [ "$stamp_before" = "$stamp_after" ] || echo "**Warning: a jar was rebuilt during the run (sources changed); figures mix two builds.**"
  echo
  echo "Median (min–max) over the rounds; the ratio is A/B per round, median (min–max)."
  echo
  echo "## Targets"
  echo
  row "target" "A" "B" "measured (ratio A/B or value)" "limit" "result"
  row "---" "---" "---" "---" "---" "---"
  for kt in rsa p256; do
    name=$([ $kt = rsa ] && echo "RSA-4096" || echo "EC P-256")
    r=$(median fix-$kt-ratio)
    row "fixture set, $name" "ca-tool fixtures --force" "the demo's openssl commands" "$(fmt fix-$kt-ratio 2)" "≤ 0.5" "$(verdict "$r" "<=" 0.5)"
  done
  for kt in rsa p256; do
    name=$([ $kt = rsa ] && echo "RSA-4096" || echo "EC P-256")
    for client in bench stime; do
      cname=$([ $client = bench ] && echo "handshake-tool bench" || echo "openssl s_time")
      r=$(median hs-$kt-$client-ratio)
      row "full handshakes/s, $name, client $cname" "serve" "s_server" "$(fmt hs-$kt-$client-ratio 2)" "≥ 1.0" "$(verdict "$r" ">=" 1.0)"
    done
  done
  row "start-up" "ca-tool --version" "" "$(fmt su-ca 3 s)" "≤ 0.3 s" "$(verdict "$(median su-ca)" "<=" 0.3)"
  row "start-up" "handshake-tool --version" "" "$(fmt su-hs 3 s)" "≤ 0.3 s" "$(verdict "$(median su-hs)" "<=" 0.3)"
  row "peak RSS of serve, $RSS_CLIENTS clients at once (RSA-4096)" "serve" "" "$(fmt rss-A 0 MiB)" "< 256 MiB" "$(verdict "$(median rss-A)" "<" 256)"
  echo
  echo "## a. The demo's fixture set (13 files), seconds"
  echo
  echo "A: \`scripts/ca-tool fixtures --force\` with the demo's five profiles (profiles/{ca,server,client,bad-ca,bad}.yaml, and bench/profiles-p256/ for P-256) into an empty temporary folder; keys made on $(nproc) threads."
  echo "B: the demo's 13 openssl commands in order (5 × \`genrsa 4096\` or \`genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256\`, 2 × \`req -new -x509\`, 3 × \`req -new\`, 3 × \`x509 -req\`) with its ca.conf and cert.conf."
  echo
  row "key" "A: ca-tool" "B: openssl" "ratio A/B" "checked (round 1)" ""
  row "---" "---" "---" "---" "---" ""
  row "RSA-4096" "$(fmt fix-rsa-A 2 s)" "$(fmt fix-rsa-B 2 s)" "$(fmt fix-rsa-ratio 2)" "${checked[rsa]}" ""
  row "EC P-256" "$(fmt fix-p256-A 2 s)" "$(fmt fix-p256-B 2 s)" "$(fmt fix-p256-ratio 2)" "${checked[p256]}" ""
  echo
  echo "## b. Mutual-TLS handshakes per second"
  echo
  echo "A: \`handshake-tool serve\` (launcher flags, --timeout 60). B: \`openssl s_server -Verify 1 -verify_return_error -www -quiet\`. Same CA, server certificate and key (made by ca-tool), loopback, TLS 1.3 unless said."
  echo
  row "key, client" "A: serve" "B: s_server" "ratio A/B" "serve's own count of accepted clients (A)" "resumed % (A / B)"
  row "---" "---" "---" "---" "---" "---"
  for kt in rsa p256; do
    name=$([ $kt = rsa ] && echo "RSA-4096" || echo "P-256")
    for client in bench bench-resume stime stime-resume; do
      case $client in
        bench) cname="handshake-tool bench, full" ;;
        bench-resume) cname="handshake-tool bench --resume" ;;
        stime) cname="openssl s_time -new" ;;
        stime-resume) cname="openssl s_time -reuse -tls1_2" ;;
      esac
      row "$name, $cname" "$(fmt hs-$kt-$client-A 1 /s)" "$(fmt hs-$kt-$client-B 1 /s)" "$(fmt hs-$kt-$client-ratio 2)" \
        "$(fmt hs-$kt-$client-A-server-ok 0)" "$(median hs-$kt-$client-A-resumed) / $(median hs-$kt-$client-B-resumed)"
    done
  done
  echo
  echo "Latency of handshake-tool bench (p50 / p99, ms, median over rounds):"
  for kt in rsa p256; do
    for side in A B; do
      echo "- $kt, $([ $side = A ] && echo serve || echo s_server): full $(median hs-$kt-bench-$side-p50) / $(median hs-$kt-bench-$side-p99), resumed $(median hs-$kt-bench-resume-$side-p50) / $(median hs-$kt-bench-resume-$side-p99); failed handshakes per run: $(fmt hs-$kt-bench-$side-failed 0), resumed runs $(fmt hs-$kt-bench-resume-$side-failed 0)"
    done
  done
  echo "- openssl s_time -reuse with TLS 1.3 against s_server resumed $(median probe-rsa-stime13-reuse-resumed)% (RSA) and $(median probe-p256-stime13-reuse-resumed)% (P-256) of its connections: it never reads the tickets a TLS 1.3 server sends after the handshake, hence -tls1_2 for its resumed rows."
  for kt in rsa p256; do
    [ -n "${serve_fail_lines[$kt]}" ] && echo "- serve's failed handshakes ($kt), most frequent first: ${serve_fail_lines[$kt]}"
  done
  echo
  echo "## c. Start-up, seconds (wall clock, from fork to exit)"
  echo
  row "command" "time" "ratio to openssl version" "" "" ""
  row "---" "---" "---" "" "" ""
  row "\`scripts/ca-tool --version\` (launcher: staleness check, CDS archive, serial GC)" "$(fmt su-ca 3 s)" "$(fmt su-ca-ratio 0)" "" "" ""
  row "\`scripts/handshake-tool --version\` (same)" "$(fmt su-hs 3 s)" "$(fmt su-hs-ratio 0)" "" "" ""
  row "\`openssl version\`" "$(fmt su-ossl 3 s)" "1" "" "" ""
  row "\`java -jar ca-tool.jar --version\` (no launcher, no CDS archive, default GC)" "$(fmt su-ca-plain 3 s)" "" "" "" ""
  row "\`java -XX:+UseSerialGC -version\` (the JVM alone: the floor)" "$(fmt su-jvm 3 s)" "" "" "" ""
  echo
  echo "Class loading in one run of \`scripts/ca-tool --version\`: $startup_profile."
  echo
  echo "## d. Peak resident memory (VmHWM), $RSS_CLIENTS clients at once, RSA-4096, handshake-tool bench --concurrency $RSS_CLIENTS for $RSS_SECS s"
  echo
  row "server" "peak RSS" "handshakes/s meanwhile" "" "" ""
  row "---" "---" "---" "" "" ""
  row "serve, launcher flags (serial GC, -Xmx64m)" "$(fmt rss-A 0 MiB)" "$(fmt rss-A-rate 1)" "" "" ""
  row "serve, JVM defaults (G1, heap up to 1/4 of RAM)" "$(fmt rss-default 0 MiB)" "$(fmt rss-default-rate 1)" "" "" ""
  row "openssl s_server (one connection at a time)" "$(fmt rss-B 0 MiB)" "$(fmt rss-B-rate 1)" "" "" ""
  echo
  echo "## Profiles"
  echo
  echo "JFR execution samples (every 10 ms per running Java thread; top frame only), where the time of a missed target goes."
  echo
  echo "- \`ca-tool fixtures --force\`, P-256 set: by package: ${prof_fix_pkg:-no JFR}."
  echo "  By method: ${prof_fix_method:-no JFR}. Class loading in the same command: ${prof_fix_classes:-}."
  echo "- \`handshake-tool serve\` under handshake-tool bench, RSA-4096: by package: ${prof_serve_pkg_rsa:-no JFR}."
  echo "  By method: ${prof_serve_method_rsa:-no JFR}."
  echo "- \`handshake-tool serve\` under handshake-tool bench, P-256: by package: ${prof_serve_pkg_p256:-no JFR}."
  echo "  By method: ${prof_serve_method_p256:-no JFR}."
  echo "- Start-up: see the class-loading timeline under c."
  echo
  echo "## Raw samples"
  echo
  echo '```'
  for f in "$samples_dir"/*; do printf '%-40s %s\n' "$(basename "$f")" "$(paste -sd' ' "$f")"; done
  echo '```'
} > "$OUT"
log "wrote $OUT in ${bench_seconds} s"

# ---- e. start-up, the fixture sets side by side, the first command, the test suite ----
log "start-up, fixture sets, demo and test suite: scripts/bench-speed.sh"
scripts/bench-speed.sh $([ $quick = 1 ] && echo --quick) --update "$OUT" >/dev/null
