#!/usr/bin/env bash
# How long `handshake-tool audit server` takes against a local peer: the shipped battery (23 client
# cases and no-client-certificate, on TLS 1.2 and 1.3: 48 cases) against
#   www      openssl s_server -Verify 1 -verify_return_error -www (answers the probe at once)
#   silent   the same without -www (answers nothing: every accepted case is judged by the probe wait)
# each with the cases 4 at a time (the default, --parallel 4) and one after another (--parallel 1).
# Whole commands, the JVM's start included; RUNS rounds, alternating. The target: 46 cases (the
# battery before no-client-certificate) against a local peer in 10 s or less. Prints a Markdown
# table; appends nothing by itself.
#
#   scripts/bench-audit.sh            # RUNS=3
#   RUNS=5 scripts/bench-audit.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-3}"
for tool in java mvn openssl; do
  command -v $tool >/dev/null || { echo "bench-audit: $tool is needed" >&2; exit 1; }
done
if [ "${BASH_VERSINFO[0]}" -lt 5 ]; then echo "bench-audit: bash 5 is needed (EPOCHREALTIME)" >&2; exit 1; fi
scripts/ca-tool --version >/dev/null && scripts/handshake-tool --version >/dev/null \
  || { echo "bench-audit: cannot build the tools" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
scripts/ca-tool fixtures --profiles profiles --out "$work/keys" >/dev/null &&
  scripts/ca-tool fixtures --profiles profiles/audit --out "$work/keys/audit" >/dev/null \
  || { echo "bench-audit: cannot make the battery" >&2; exit 1; }

# start_server NAME EXTRA...: s_server on a free loopback port; sets port and server_pid
# s_server reads its stdin and ends at its end: a fifo we hold open keeps it serving.
start_server() {
  local log="$work/$1.log"; shift
  rm -f "$work/stdin"; mkfifo "$work/stdin"
  openssl s_server -accept 127.0.0.1:0 -cert "$work/keys/server_cert.pem" -key "$work/keys/server_key.pem" \
    -CAfile "$work/keys/ca_cert.pem" -Verify 1 -verify_return_error "$@" <"$work/stdin" >"$log" 2>&1 &
  server_pid=$!
  exec 3>"$work/stdin"
  for _ in $(seq 100); do
    port="$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log")"
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "bench-audit: s_server did not start: $(cat "$log")" >&2; exit 1
}

# audit PARALLEL: prints "seconds exit cases"
audit() {
  local t0=$EPOCHREALTIME
  scripts/handshake-tool audit server --server localhost -p "$port" --ca-certificate "$work/keys/ca_cert.pem" \
    --profiles profiles/audit --keys "$work/keys/audit" --parallel "$1" --json "$work/r.json" --force >/dev/null 2>&1
  local code=$? t1=$EPOCHREALTIME
  local cases; cases="$(grep -c '"case" :' "$work/r.json" 2>/dev/null || echo 0)"
  awk -v a="$t0" -v b="$t1" -v c="$code" -v n="$cases" 'BEGIN {printf "%.2f %s %s\n", b - a, c, n}'
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " (" a[1] "–" a[NR] ")"}'; }

echo "| peer | --parallel | cases | exit | seconds, median (min–max) of $RUNS |"
echo "| --- | --- | --- | --- | --- |"
for peer in www silent; do
  if [ "$peer" = www ]; then start_server www -www; else start_server silent; fi
  for p in 4 1; do
    : > "$work/times"
    last=
    for _ in $(seq "$RUNS"); do
      last="$(audit "$p")"
      echo "${last%% *}" >> "$work/times"
    done
    read -r _ code cases <<< "$last"
    echo "| s_server $peer | $p | $cases | $code | $(median < "$work/times") |"
  done
  exec 3>&-
  kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; server_pid=
done
echo
echo "Machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')."
